import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseFlow } from './parse-flow.js';

const defaultFlow = () => parse(readFileSync(join(import.meta.dirname, '../../flows/default.yaml'), 'utf8'));

describe('parseFlow', () => {
  it('accepts the shipped default flow with the documented defaults', () => {
    const r = parseFlow(defaultFlow());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.consent.answerTimeoutMs).toBe(10_000);
    expect(r.value.consent.objectionWindowMs).toBe(5_000);
    expect(r.value.noInputMs).toBe(8_000);
    expect(r.value.clarifyBelowConfidence).toBe(0.6);
  });

  it('names a duplicate DTMF key and a missing fallback intent', () => {
    const flow = defaultFlow();
    flow.intents[1].dtmf = '1';
    flow.fallbackIntent = 'other';
    const r = parseFlow(flow);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(['intents[1].dtmf', 'fallbackIntent']);
  });

  it('names the field the schema rejects', () => {
    const flow = defaultFlow();
    flow.intents[0].examples = [];
    const r = parseFlow(flow);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]?.path).toBe('intents[0].examples');
  });
});
