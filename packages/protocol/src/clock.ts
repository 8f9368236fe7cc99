/**
 * Time as an input (shared/STYLE.md "From XState"), the one clock port of the product: the
 * call runtime, the queue and the carrier layer ask it for the time and for timers, so the live
 * server passes the wall clock and tests and the simulator a simulated one. Packages never read
 * the time themselves.
 */
export type TimerHandle = number;

/** A timer callback may return a promise; a simulated clock awaits it before firing the next timer. */
export type TimerCallback = () => void | Promise<void>;

export interface Clock {
  /** Milliseconds since the Unix epoch (simulated or real). */
  now(): number;
  /** Runs `cb` once when `now()` reaches `atMs` (immediately-due timers fire on the next turn). */
  setTimer(atMs: number, cb: TimerCallback): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}
