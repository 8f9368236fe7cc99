import { type SpeechToText, SttError, type SttErrorCode } from '../../src/adapters/stt/stt.js';

/** One scripted answer: words, a provider error (`retryable` as a real adapter would set it), or a bug. */
export type FakeSttStep = { text: string } | { error: SttErrorCode; retryable: boolean; message?: string } | { bug: string };

/**
 * A SpeechToText for tests of what sits beside the port (after livekit/agents-js
 * `stt/testing/fake_stt.ts`): answers from a script, one step per call (the last repeats), and
 * counts the calls it got.
 */
export class FakeStt implements SpeechToText {
  readonly name: string;
  readonly constrained: boolean;
  calls = 0;
  readonly #script: readonly FakeSttStep[];

  constructor(name: string, script: readonly [FakeSttStep, ...FakeSttStep[]], opts: { constrained?: boolean } = {}) {
    this.name = name;
    this.constrained = opts.constrained ?? false;
    this.#script = script;
  }

  async transcribe(_audio: Int16Array, signal?: AbortSignal) {
    signal?.throwIfAborted();
    const step = this.#script[Math.min(this.calls, this.#script.length - 1)] as FakeSttStep;
    this.calls += 1;
    if ('bug' in step) throw new TypeError(step.bug);
    if ('error' in step) throw new SttError(step.error, step.message ?? `${this.name}: ${step.error}`, step.retryable);
    return { text: step.text, engine: this.name };
  }
}
