import { z } from 'zod';
import { IndustrySchema, TierSchema } from './jurisdiction.js';

/**
 * Scenario files for `switchboard simulate` (shared/DESIGN.md, "Scenario file").
 * Each step is an object with exactly one known key; unknown keys make the file invalid.
 */
export const CarrierFaultSchema = z.enum(['down', 'timeout', '503', '429', 'ok']);
export type CarrierFault = z.infer<typeof CarrierFaultSchema>;

export const StepSchemas = {
  say: z.string(),
  dtmf: z.string().regex(/^[0-9*#]+$/, 'DTMF digits: 0-9, * or #'),
  wait: z.number().int().nonnegative(),
  consent: z.enum(['yes', 'no']),
  audio: z.string().regex(/\.wav$/i, 'a .wav file (16 kHz or 8 kHz mono)'),
  hangup: z.union([z.literal(true), z.null()]),
  carrier: z.strictObject({
    provider: z.string().min(1),
    fault: z.union([CarrierFaultSchema, z.number().int().transform(String).pipe(CarrierFaultSchema)]),
  }),
  agents: z
    .strictObject({
      queue: z.string().min(1),
      available: z.number().int().nonnegative(),
      /** Added by the runtime area (additive): agents signed in, busy or free (default: `available`). */
      staffed: z.number().int().nonnegative().optional(),
    })
    .refine((a) => a.staffed === undefined || a.staffed >= a.available, {
      message: 'staffed counts the available agents too, so it cannot be smaller',
      path: ['staffed'],
    }),
  expect: z.record(z.string(), z.unknown()).refine((o) => typeof o.type === 'string', 'expect needs a "type"'),
  /**
   * Added by the runtime area (additive): card entry begins or ends (a carrier <Pay>, the web's
   * hosted payment page), so a scenario can show the PCI pause.
   */
  payment: z.enum(['start', 'end']),
  /** Added by the runtime area (additive): holds when NO event emitted so far in the call has every field named. */
  expectNone: z.record(z.string(), z.unknown()).refine((o) => typeof o.type === 'string', 'expectNone needs a "type"'),
} as const;

export type StepKind = keyof typeof StepSchemas;
export type Step = { [K in StepKind]: { kind: K; value: z.output<(typeof StepSchemas)[K]> } }[StepKind];

const StepSchema = z.unknown().transform((raw, ctx): Step => {
  // `- hangup` in YAML is the bare string "hangup".
  if (raw === 'hangup') return { kind: 'hangup', value: true };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    ctx.addIssue({ code: 'custom', message: `a step is an object with one of: ${Object.keys(StepSchemas).join(', ')}` });
    return z.NEVER;
  }
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    ctx.addIssue({ code: 'custom', message: `a step has exactly one key, found ${keys.length ? keys.join(', ') : 'none'}` });
    return z.NEVER;
  }
  const key = keys[0] as string;
  if (!(key in StepSchemas)) {
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: `unknown step "${key}"; expected one of: ${Object.keys(StepSchemas).join(', ')}`,
    });
    return z.NEVER;
  }
  const kind = key as StepKind;
  const parsed = StepSchemas[kind].safeParse((raw as Record<string, unknown>)[key]);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [key, ...issue.path] } as never);
    return z.NEVER;
  }
  return { kind, value: parsed.data } as Step;
});

export const ScenarioSchema = z.strictObject({
  /** E.164 decides the jurisdiction; "anonymous" means withheld. */
  caller: z.string().refine((s) => s === 'anonymous' || /^\+[1-9][0-9]{1,14}$/.test(s), 'E.164 like "+4930901820", or "anonymous"'),
  channel: z.enum(['pstn', 'web']).default('pstn'),
  tier: TierSchema.default('standard'),
  industry: IndustrySchema.default('general'),
  /**
   * Use the area code's US state for the recording regime (compliance's `classifyUsByAreaCode`).
   * Off by default: an area code doesn't prove where a caller is, so every +1 caller gets all-party.
   * Added by the runtime area so a scenario can show one-party disclosure (issue 4: Texan caller).
   */
  classifyUsByAreaCode: z.boolean().optional(),
  /** Flow id or path; the default flow when absent. */
  flow: z.string().optional(),
  steps: z.array(StepSchema).min(1),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

export interface FieldIssue {
  /** Dotted path into the file, e.g. "steps[3].wait". */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Parses a scenario already read from JSON/YAML; invalid files name every bad field. */
export function parseScenario(raw: unknown): Parsed<Scenario> {
  const result = ScenarioSchema.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: issuesOf(result.error) };
}
