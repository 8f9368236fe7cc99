/**
 * Time as an input (shared/DESIGN.md, "The engine"): the runtime asks this port for the time
 * and for timers, so the live server uses the wall clock and the simulator a SimulatedClock
 * that runs a 20-minute hold in milliseconds.
 */
export type TimerHandle = number;

/** A timer callback may return a promise; the simulated clock awaits it before firing the next timer. */
export type TimerCallback = () => void | Promise<void>;

export interface Clock {
  /** Milliseconds since the Unix epoch (simulated or real). */
  now(): number;
  /** Runs `cb` once when `now()` reaches `atMs` (immediately-due timers fire on the next turn). */
  setTimer(atMs: number, cb: TimerCallback): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}
