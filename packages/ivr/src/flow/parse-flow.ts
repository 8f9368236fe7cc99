import { type Flow, FlowSchema, type Parsed, issuesOf } from '@switchboard/protocol';

/**
 * Validates a flow already read from YAML/JSON. Beyond the schema, checks what the schema
 * cannot: unique intent names and DTMF keys, and that the escalation/fallback intents exist.
 */
export function parseFlow(raw: unknown): Parsed<Flow> {
  const result = FlowSchema.safeParse(raw);
  if (!result.success) return { ok: false, issues: issuesOf(result.error) };
  const flow = result.data;
  const issues: { path: string; message: string }[] = [];
  const names = new Map<string, number>();
  const keys = new Map<string, number>();
  flow.intents.forEach((intent, i) => {
    const prior = names.get(intent.name);
    if (prior !== undefined) issues.push({ path: `intents[${i}].name`, message: `duplicate intent "${intent.name}" (also intents[${prior}])` });
    names.set(intent.name, i);
    if (intent.dtmf) {
      const other = keys.get(intent.dtmf);
      if (other !== undefined) issues.push({ path: `intents[${i}].dtmf`, message: `key ${intent.dtmf} is already used by intents[${other}]` });
      keys.set(intent.dtmf, i);
    }
  });
  for (const field of ['escalationIntent', 'fallbackIntent'] as const) {
    if (!names.has(flow[field])) issues.push({ path: field, message: `no intent named "${flow[field]}"` });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: flow };
}
