import { describe, expect, it } from 'vitest';
import { FakeStt } from '../../../test/support/fake-stt.js';
import { createFallbackStt, type SttFallback } from './fallback-stt.js';
import { SttError } from './stt.js';

const audio = new Int16Array(1600);

describe('createFallbackStt (cloud → embedded)', () => {
  it('answers from the first recogniser while it works, and never asks the next', async () => {
    const cloud = new FakeStt('openai', [{ text: 'my invoice is wrong' }]);
    const embedded = new FakeStt('pocketsphinx', [{ text: 'invoice' }], { constrained: true });
    const stt = createFallbackStt([cloud, embedded]);
    expect(await stt.transcribe(audio)).toEqual({ text: 'my invoice is wrong', engine: 'openai' });
    expect([cloud.calls, embedded.calls]).toEqual([1, 0]);
    expect(stt.name).toBe('fallback(openai,pocketsphinx)');
    expect(stt.constrained).toBe(true);
  });

  it('falls back on a retryable provider failure (timeout, 5xx), and says which one it skipped', async () => {
    const skipped: SttFallback[] = [];
    const cloud = new FakeStt('openai', [
      { error: 'stt-timeout', retryable: true },
      { error: 'stt-failed', retryable: true },
    ]);
    const embedded = new FakeStt('pocketsphinx', [{ text: 'billing' }], { constrained: true });
    const stt = createFallbackStt([cloud, embedded], { onFallback: (s) => skipped.push(s) });
    expect(await stt.transcribe(audio)).toEqual({ text: 'billing', engine: 'pocketsphinx' });
    expect(await stt.transcribe(audio)).toEqual({ text: 'billing', engine: 'pocketsphinx' });
    expect(skipped.map((s) => [s.stt, s.error.code])).toEqual([
      ['openai', 'stt-timeout'],
      ['openai', 'stt-failed'],
    ]);
  });

  it('never masks a configuration fault: a 401 from the cloud is thrown as is, the embedded one is not asked', async () => {
    const cloud = new FakeStt('openai', [{ error: 'stt-failed', retryable: false, message: 'transcription endpoint answered 401' }]);
    const embedded = new FakeStt('pocketsphinx', [{ text: 'billing' }]);
    const stt = createFallbackStt([cloud, embedded]);
    await expect(stt.transcribe(audio)).rejects.toMatchObject({
      name: 'SttError',
      retryable: false,
      message: 'transcription endpoint answered 401',
    });
    expect(embedded.calls).toBe(0);
  });

  it('rethrows a bug (not an SttError) instead of falling back', async () => {
    const cloud = new FakeStt('openai', [{ bug: 'cannot read properties of undefined' }]);
    const embedded = new FakeStt('pocketsphinx', [{ text: 'billing' }]);
    await expect(createFallbackStt([cloud, embedded]).transcribe(audio)).rejects.toBeInstanceOf(TypeError);
    expect(embedded.calls).toBe(0);
  });

  it('fails with every recogniser named when all of them failed', async () => {
    const stt = createFallbackStt([
      new FakeStt('openai', [{ error: 'stt-timeout', retryable: true }]),
      new FakeStt('pocketsphinx', [{ error: 'stt-failed', retryable: true, message: 'decoder crashed' }]),
    ]);
    const failure = await stt.transcribe(audio).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SttError);
    expect(failure).toMatchObject({ code: 'stt-failed', retryable: true });
    expect((failure as Error).message).toMatch(/openai: stt-timeout .*pocketsphinx: stt-failed \(decoder crashed\)/);
  });
});
