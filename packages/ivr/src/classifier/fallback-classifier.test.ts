import type { Classification } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { FakeClassifier } from '../../test/support/fake-classifier.js';
import { ClassifierError } from './classifier.js';
import { createFallbackClassifier, type FallbackAttempt } from './fallback-classifier.js';

const billing: Classification = { intent: 'billing', confidence: 0.9, sentiment: 'neutral', entities: {} };
const technical: Classification = { intent: 'technical', confidence: 0.8, sentiment: 'negative', entities: {} };
const timeout = new ClassifierError('slow', { code: 'timeout', retryable: true });

describe('createFallbackClassifier', () => {
  it('answers with the first classifier when it works, never calling the rest', async () => {
    const a = new FakeClassifier('a', [{ answer: billing }]);
    const b = new FakeClassifier('b', [{ answer: technical }]);
    expect(await createFallbackClassifier([a, b]).classify('x')).toEqual(billing);
    expect(b.calls).toEqual([]);
  });

  it('moves on after a retryable error and reports the skip', async () => {
    const skipped: FallbackAttempt[] = [];
    const a = new FakeClassifier('a', [{ error: timeout }]);
    const b = new FakeClassifier('b', [{ answer: technical }]);
    expect(await createFallbackClassifier([a, b], { onFallback: (s) => skipped.push(s) }).classify('x')).toEqual(technical);
    expect(skipped.map((s) => [s.classifier, s.error.code])).toEqual([['a', 'timeout']]);
  });

  it('moves on when a classifier returns something that is not a classification', async () => {
    const a = new FakeClassifier('a', [{ raw: { intent: 'billing', confidence: 1.7, sentiment: 'meh', entities: {} } }]);
    const b = new FakeClassifier('b', [{ answer: technical }]);
    const skipped: FallbackAttempt[] = [];
    expect(await createFallbackClassifier([a, b], { onFallback: (s) => skipped.push(s) }).classify('x')).toEqual(technical);
    expect(skipped[0]?.error.code).toBe('invalid-output');
  });

  it('throws a non-retryable error as is (configuration faults are not hidden)', async () => {
    const a = new FakeClassifier('a', [{ error: new ClassifierError('401', { code: 'config', retryable: false, status: 401 }) }]);
    const b = new FakeClassifier('b', [{ answer: technical }]);
    await expect(createFallbackClassifier([a, b]).classify('x')).rejects.toMatchObject({ code: 'config', status: 401 });
    expect(b.calls).toEqual([]);
  });

  it('rethrows errors that are not classifier errors (bugs are not fallbacks)', async () => {
    const broken = { name: 'broken', classify: async () => Promise.reject(new TypeError('bug')) };
    await expect(createFallbackClassifier([broken, new FakeClassifier('b', [{ answer: billing }])]).classify('x')).rejects.toBeInstanceOf(
      TypeError,
    );
  });

  it('throws all-failed, naming each failure, instead of a made-up answer', async () => {
    const a = new FakeClassifier('a', [{ error: timeout }]);
    const b = new FakeClassifier('b', [{ error: new ClassifierError('down', { code: 'http', retryable: true, status: 503 }) }]);
    const error = (await createFallbackClassifier([a, b])
      .classify('x')
      .catch((e: unknown) => e)) as ClassifierError;
    expect(error).toBeInstanceOf(ClassifierError);
    expect(error.code).toBe('all-failed');
    expect(error.message).toMatch(/a: timeout.*b: http/);
  });
});
