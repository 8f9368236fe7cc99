import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ClassifierError,
  createEmbeddedClassifier,
  createFallbackClassifier,
  type FallbackAttempt,
  parseFlow,
} from '@switchboard/ivr';
import type { Flow } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type FakeChatServer, startFakeChatServer } from '../../../test/support/fake-chat-completions-server.js';
import { createOpenAiCompatibleClassifier } from './openai-compatible-classifier.js';

const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '../../../../../packages/ivr/flows/default.yaml'), 'utf8')));
if (!parsed.ok) throw new Error('default flow invalid');
const flow: Flow = parsed.value;
const now = () => new Date('2026-03-10T12:00:00Z');
const embedded = createEmbeddedClassifier(flow, { now });

const validAnswer = {
  intent: 'billing',
  confidence: 0.93,
  sentiment: 'neutral',
  entities: {
    accountId: null,
    invoiceNumber: null,
    product: null,
    errorMessage: null,
    timeframe: 'last week',
    dates: null,
    amounts: [{ value: 49.99, currency: 'USD' }],
    priorCalls: null,
  },
};

let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer();
});
afterAll(async () => {
  await server.close();
});

// Generous by default: a loaded CI machine can take over a second to answer the first request.
function llm(timeoutMs = 15_000) {
  return createOpenAiCompatibleClassifier({ url: server.url, model: 'fake-model', apiKey: 'sk-test', flow, timeoutMs, now });
}

describe('OpenAI-compatible classifier against a loopback chat-completions server', () => {
  it('sends the flow schema and a masked utterance, and returns the validated answer', async () => {
    server.behave({ kind: 'answer', content: JSON.stringify(validAnswer) });
    const result = await llm().classify('I was charged $49.99 twice last week on card 4111 1111 1111 1111');
    expect(result).toEqual({
      intent: 'billing',
      confidence: 0.93,
      sentiment: 'neutral',
      entities: { timeframe: 'last week', amounts: [{ value: 49.99, currency: 'USD' }] },
    });
    const request = server.requests.at(-1);
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    const body = request?.body as {
      model: string;
      messages: { role: string; content: string }[];
      response_format: { type: string; json_schema: { schema: { properties: { intent: { enum: string[] } } } } };
    };
    expect(body.model).toBe('fake-model');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.schema.properties.intent.enum).toEqual(flow.intents.map((i) => i.name));
    // PCI: the card number never reaches the model.
    expect(JSON.stringify(body.messages)).not.toContain('4111');
    expect(body.messages.at(-1)?.content).toContain('[card]');
  });

  it('rejects an answer naming an intent the flow does not have', async () => {
    server.behave({ kind: 'answer', content: JSON.stringify({ ...validAnswer, intent: 'refunds' }) });
    await expect(llm().classify('refund')).rejects.toMatchObject({ code: 'invalid-output', retryable: true });
  });

  const failures: [string, () => void, string][] = [
    ['invalid JSON content', () => server.behave({ kind: 'answer', content: '{"intent": "billing", confid' }), 'invalid-output'],
    ['a body that is not JSON', () => server.behave({ kind: 'not-json' }), 'invalid-output'],
    ['HTTP 500', () => server.behave({ kind: 'status', status: 500 }), 'http'],
    ['HTTP 429', () => server.behave({ kind: 'status', status: 429 }), 'http'],
    [
      'a slow answer past the timeout',
      () => server.behave({ kind: 'slow', delayMs: 20_000, content: JSON.stringify(validAnswer) }),
      'timeout',
    ],
  ];

  it.each(failures)('%s → the fallback answers with the embedded classifier', async (_name, arrange, code) => {
    arrange();
    const skipped: FallbackAttempt[] = [];
    // Only the slow case needs a short budget; the others must fail for their own reason, not time.
    const classifier = createFallbackClassifier([llm(code === 'timeout' ? 500 : 15_000), embedded], { onFallback: (a) => skipped.push(a) });
    const result = await classifier.classify('my router keeps dropping the connection');
    expect(result.intent).toBe('technical');
    expect(skipped.map((s) => [s.classifier, s.error.code])).toEqual([['llm:fake-model', code]]);
  });

  it('a bad API key (401) is a configuration fault: thrown, not hidden behind a fallback', async () => {
    server.behave({ kind: 'status', status: 401 });
    const classifier = createFallbackClassifier([llm(), embedded]);
    await expect(classifier.classify('refund')).rejects.toMatchObject({ code: 'config', retryable: false, status: 401 });
  });

  it('when every classifier fails it throws rather than inventing "general 0.5"', async () => {
    server.behave({ kind: 'status', status: 503 });
    const classifier = createFallbackClassifier([
      llm(),
      createOpenAiCompatibleClassifier({ url: 'http://127.0.0.1:9/v1', model: 'm', flow, timeoutMs: 15_000 }),
    ]);
    const error = (await classifier.classify('hello').catch((e: unknown) => e)) as ClassifierError;
    expect(error.code).toBe('all-failed');
    expect(error.message).toContain('HTTP 503');
    expect(error.message).toContain('connection');
  });
});
