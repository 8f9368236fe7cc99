/**
 * Time as an input (shared/STYLE.md "From XState"): the router, breakers and pacing read the
 * clock and wait through it, so tests run a simulated clock and the app passes a real one.
 */
export interface Clock {
  nowMs(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The HTTP port: the WHATWG fetch signature, so Node's global fetch fits as is. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
