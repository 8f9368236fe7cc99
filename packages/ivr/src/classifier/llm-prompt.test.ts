import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Flow } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseFlow } from '../flow/parse-flow.js';
import { answerJsonSchema, buildClassifyRequest, parseClassifyAnswer } from './llm-prompt.js';

const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '..', '..', 'flows', 'task-manager.yaml'), 'utf8')));
if (!parsed.ok) throw new Error('flow');
const flow: Flow = parsed.value;
const nulls = {
  accountId: null,
  invoiceNumber: null,
  product: null,
  errorMessage: null,
  timeframe: null,
  dates: null,
  amounts: null,
  priorCalls: null,
};

describe('buildClassifyRequest', () => {
  const request = buildClassifyRequest(flow, 'card 4111 1111 1111 1111, it broke yesterday', new Date('2026-03-10T12:00:00Z'));

  it("lists the flow's intents and asks for a strict JSON schema with them", () => {
    const system = request.messages[0]?.content ?? '';
    for (const intent of flow.intents) expect(system).toContain(`- ${intent.name}: ${intent.description}`);
    expect(system).toContain('2026-03-10');
    expect(request.response_format.json_schema.strict).toBe(true);
    const schema = answerJsonSchema(flow) as { properties: { intent: { enum: string[] }; entities: { required: string[] } } };
    expect(schema.properties.intent.enum).toEqual(['tasks', 'billing', 'technical', 'escalation', 'general']);
    expect(schema.properties.entities.required).toContain('priorCalls');
  });

  it('never sends a card number to the model', () => {
    expect(JSON.stringify(request)).not.toContain('4111');
  });
});

describe('parseClassifyAnswer', () => {
  it('turns nulls into absent entities', () => {
    const answer = JSON.stringify({
      intent: 'tasks',
      confidence: 0.8,
      sentiment: 'neutral',
      entities: { ...nulls, timeframe: 'yesterday', dates: ['2026-03-09'] },
    });
    expect(parseClassifyAnswer(flow, answer)).toEqual({
      intent: 'tasks',
      confidence: 0.8,
      sentiment: 'neutral',
      entities: { timeframe: 'yesterday', dates: ['2026-03-09'] },
    });
  });

  it('accepts an answer wrapped in a markdown code fence', () => {
    const answer = `\`\`\`json\n${JSON.stringify({ intent: 'billing', confidence: 0.7, sentiment: 'neutral', entities: nulls })}\n\`\`\``;
    expect(parseClassifyAnswer(flow, answer).intent).toBe('billing');
  });

  it('routes a frustrated caller to the escalation intent whatever the model picked', () => {
    const answer = JSON.stringify({ intent: 'technical', confidence: 0.9, sentiment: 'frustrated', entities: nulls });
    expect(parseClassifyAnswer(flow, answer).intent).toBe(flow.escalationIntent);
  });

  it('drops a card number the model put into an entity', () => {
    const answer = JSON.stringify({
      intent: 'billing',
      confidence: 0.9,
      sentiment: 'neutral',
      entities: { ...nulls, accountId: '4111 1111 1111 1111' },
    });
    expect(parseClassifyAnswer(flow, answer).entities).toEqual({});
  });

  it.each([
    ['not JSON', '{"intent": "tasks",'],
    ['an intent outside the flow', JSON.stringify({ intent: 'sales', confidence: 0.9, sentiment: 'neutral', entities: nulls })],
    ['confidence above 1', JSON.stringify({ intent: 'tasks', confidence: 1.5, sentiment: 'neutral', entities: nulls })],
    ['an unknown sentiment', JSON.stringify({ intent: 'tasks', confidence: 0.5, sentiment: 'angry', entities: nulls })],
    [
      'a non-ISO date',
      JSON.stringify({ intent: 'tasks', confidence: 0.5, sentiment: 'neutral', entities: { ...nulls, dates: ['last week'] } }),
    ],
  ])('rejects %s as invalid-output (retryable, so the fallback moves on)', (_name, content) => {
    expect(() => parseClassifyAnswer(flow, content)).toThrow(expect.objectContaining({ code: 'invalid-output', retryable: true }));
  });
});
