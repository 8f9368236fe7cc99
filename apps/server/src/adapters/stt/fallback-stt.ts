import { type SpeechToText, SttError } from './stt.js';

export interface SttFallback {
  stt: string;
  error: SttError;
}

export interface FallbackSttOptions {
  /** Told about every recogniser that was skipped, e.g. to log or count it. */
  onFallback?: (attempt: SttFallback) => void;
}

/**
 * Tries each recogniser in order (livekit/agents-js FallbackAdapter shape, like
 * @switchboard/ivr's createFallbackClassifier) and moves to the next only on a retryable
 * provider failure (timeout, connection, 429/5xx). A non-retryable error (a 401 from a bad key,
 * an unusable answer) is a configuration fault and is thrown as is — never masked by a weaker
 * recogniser that happens to work. Anything that is not an SttError is a bug and is rethrown.
 * When every recogniser failed it throws `stt-failed` naming each.
 */
export function createFallbackStt(stts: readonly [SpeechToText, ...SpeechToText[]], opts: FallbackSttOptions = {}): SpeechToText {
  return {
    name: `fallback(${stts.map((s) => s.name).join(',')})`,
    // What may come out is bounded by the weakest recogniser the chain may end on.
    constrained: stts.some((s) => s.constrained),
    async transcribe(audio, signal) {
      const skipped: SttFallback[] = [];
      for (const stt of stts) {
        try {
          return await stt.transcribe(audio, signal);
        } catch (caught) {
          if (!(caught instanceof SttError) || !caught.retryable || signal?.aborted) throw caught;
          skipped.push({ stt: stt.name, error: caught });
          opts.onFallback?.({ stt: stt.name, error: caught });
        }
      }
      const summary = skipped.map((s) => `${s.stt}: ${s.error.code} (${s.error.message})`).join('; ');
      throw new SttError('stt-failed', `every recogniser failed: ${summary}`, true);
    },
  };
}
