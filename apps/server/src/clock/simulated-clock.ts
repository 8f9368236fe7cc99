import type { Clock, TimerCallback, TimerHandle } from '@switchboard/protocol';

interface PendingTimer {
  handle: TimerHandle;
  atMs: number;
  cb: TimerCallback;
}

/**
 * A clock that only moves when told to, after xstate's SimulatedClock
 * (statelyai/xstate packages/core/src/SimulatedClock.ts): `advance(ms)` fires every timer that
 * falls due, earliest first (ties in the order they were set), setting `now()` to each timer's
 * time before its callback runs. Unlike xstate's, callbacks may be async and are awaited, so a
 * timer set by a callback still fires within the same advance when it falls due.
 */
export class SimulatedClock implements Clock {
  #now: number;
  #next = 1;
  readonly #timers = new Map<TimerHandle, PendingTimer>();

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(atMs: number, cb: TimerCallback): TimerHandle {
    const handle = this.#next++;
    this.#timers.set(handle, { handle, atMs, cb });
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers.delete(handle);
  }

  /** Timers not yet fired, for tests and diagnostics. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing due timers in order and awaiting each. */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
    const target = this.#now + ms;
    for (;;) {
      const due = this.#nextDue(target);
      if (!due) break;
      this.#timers.delete(due.handle);
      this.#now = Math.max(this.#now, due.atMs);
      await due.cb();
    }
    this.#now = target;
  }

  /** Fires timers already due at the current time (e.g. ones set for "now"). */
  flush(): Promise<void> {
    return this.advance(0);
  }

  #nextDue(target: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.#timers.values()) {
      if (t.atMs > target) continue;
      // Map iteration is insertion order, so a strict < keeps ties in the order they were set.
      if (!best || t.atMs < best.atMs) best = t;
    }
    return best;
  }
}
