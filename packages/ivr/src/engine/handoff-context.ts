import type { Entities, HandoffContext, Sentiment } from '@switchboard/protocol';

const STATEMENT_MAX_CHARS = 500;
const QUOTE_MAX_CHARS = 120;

/** Later utterances refine earlier ones (a clarification adds the invoice number), arrays merge. */
export function mergeEntities(a: Entities, b: Entities): Entities {
  const merged: Entities = { ...a };
  for (const [key, value] of Object.entries(b) as [keyof Entities, Entities[keyof Entities]][]) {
    if (value === undefined) continue;
    const prior = merged[key];
    if (Array.isArray(prior) && Array.isArray(value)) {
      const seen = new Set(prior.map((v) => JSON.stringify(v)));
      (merged as Record<string, unknown>)[key] = [...prior, ...value.filter((v) => !seen.has(JSON.stringify(v)))];
    } else (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

function describeEntities(entities: Entities): string {
  const parts: string[] = [];
  if (entities.accountId) parts.push(`account ${entities.accountId}`);
  if (entities.invoiceNumber) parts.push(`invoice ${entities.invoiceNumber}`);
  if (entities.product) parts.push(`product ${entities.product}`);
  if (entities.errorMessage) parts.push(`error "${entities.errorMessage}"`);
  if (entities.timeframe) parts.push(`when: ${entities.timeframe}`);
  if (entities.dates?.length) parts.push(`dates ${entities.dates.join(', ')}`);
  if (entities.amounts?.length) parts.push(`amounts ${entities.amounts.map((a) => `${a.value} ${a.currency}`).join(', ')}`);
  if (entities.priorCalls !== undefined) parts.push(`called ${entities.priorCalls} times before`);
  return parts.join('; ');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Everything the receiving agent needs so the caller never repeats themselves, with a one-line
 * summary for the warm-transfer brief (the lesson's "prior_summary").
 */
export function handoffContext(input: {
  callerId: string;
  intent: string;
  statements: string[];
  sentiment: Sentiment;
  entities: Entities;
  via: 'speech' | 'dtmf';
  escalation: string | null;
}): HandoffContext {
  const statement = clip(input.statements.join(' … '), STATEMENT_MAX_CHARS);
  const facts = describeEntities(input.entities);
  const said = statement ? `said "${clip(statement, QUOTE_MAX_CHARS)}"` : `chose ${input.intent} on the keypad`;
  const summary = [
    `${input.intent}${input.escalation ? ` (escalated: ${input.escalation})` : ''}`,
    `${input.sentiment} caller ${said}`,
    facts,
  ]
    .filter(Boolean)
    .join(' — ');
  return {
    callerId: input.callerId,
    intent: input.intent,
    statement,
    sentiment: input.sentiment,
    entities: input.entities,
    summary,
    // Extra (HandoffContextSchema is loose): how the route was chosen and why it escalated.
    via: input.via,
    escalation: input.escalation,
  };
}
