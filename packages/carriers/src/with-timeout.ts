import { type Clock, sleep } from './clock.js';

/** Thrown when the injected clock's deadline passes first (name matches DOMException's). */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Runs `task` with an AbortSignal that fires after `timeoutMs` on the injected clock
 * (cockatiel's TimeoutPolicy would use the real setTimeout). Rejects with TimeoutError.
 */
export async function withTimeout<T>(clock: Clock, timeoutMs: number, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const work = new AbortController();
  const timer = new AbortController();
  const expired = sleep(clock, timeoutMs, timer.signal).then(
    () => {
      work.abort(new TimeoutError(`timed out after ${timeoutMs} ms`));
      return true;
    },
    () => false,
  );
  try {
    const result = await Promise.race([
      task(work.signal),
      expired.then((fired) => (fired ? Promise.reject(new TimeoutError(`timed out after ${timeoutMs} ms`)) : new Promise<never>(() => {}))),
    ]);
    return result;
  } finally {
    timer.abort();
  }
}
