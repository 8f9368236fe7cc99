import type { Clock } from '@switchboard/protocol';

export type { Clock, TimerCallback, TimerHandle } from '@switchboard/protocol';

/** Resolves after `ms` on the injected clock (the product's one Clock port); rejects with the signal's reason when aborted first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const handle = clock.setTimer(clock.now() + Math.max(0, ms), () => resolve());
    signal?.addEventListener(
      'abort',
      () => {
        clock.clearTimer(handle);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** The HTTP port: the WHATWG fetch signature, so Node's global fetch fits as is. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
