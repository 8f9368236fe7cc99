/**
 * Reconnect delay: exponential with "full jitter" (AWS architecture blog, the same policy
 * cockatiel's ExponentialBackoff uses), capped, so many widgets don't reconnect in lockstep.
 * `random` is injected for tests.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 250, maxMs: 5_000 };

export function backoffDelayMs(attempt: number, options: BackoffOptions = defaultBackoff, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  // never 0: at least a quarter of the ceiling, so a flapping server is not hammered
  return Math.round(ceiling * (0.25 + 0.75 * random()));
}
