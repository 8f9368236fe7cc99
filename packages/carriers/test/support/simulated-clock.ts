import type { Clock, TimerCallback, TimerHandle } from '../../src/clock.js';

/**
 * A clock for tests that runs by itself: time moves only to the next pending timer, and only
 * once every promise in flight has settled (checked on a macrotask), so a 30-second backoff
 * takes no wall time and ordering is deterministic. Modelled on xstate's SimulatedClock; the
 * server's SimulatedClock is the same port moved by hand (`advance`).
 */
export class SimulatedClock implements Clock {
  private nowAt: number;
  private timers: { handle: TimerHandle; atMs: number; cb: TimerCallback }[] = [];
  private seq = 1;
  private scheduled = false;

  constructor(startMs = 1_700_000_000_000) {
    this.nowAt = startMs;
  }

  now(): number {
    return this.nowAt;
  }

  setTimer(atMs: number, cb: TimerCallback): TimerHandle {
    const handle = this.seq++;
    this.timers.push({ handle, atMs: Math.max(this.nowAt, atMs), cb });
    this.schedule();
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }

  /** Moves time forward by hand (fires the timers that fall due). */
  advance(ms: number): void {
    const until = this.nowAt + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.atMs > until) break;
      this.fire(next);
    }
    this.nowAt = until;
  }

  private earliest() {
    return this.timers.reduce<(typeof this.timers)[number] | undefined>(
      (a, t) => (!a || t.atMs < a.atMs || (t.atMs === a.atMs && t.handle < a.handle) ? t : a),
      undefined,
    );
  }

  private fire(timer: (typeof this.timers)[number]): void {
    this.timers = this.timers.filter((t) => t !== timer);
    this.nowAt = Math.max(this.nowAt, timer.atMs);
    void Promise.resolve()
      .then(timer.cb)
      .catch(() => undefined);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A macrotask runs after all pending microtasks: nothing else can happen "before" the timer.
    setTimeout(() => {
      this.scheduled = false;
      const next = this.earliest();
      if (next) {
        this.fire(next);
        if (this.timers.length > 0) this.schedule();
      }
    }, 0);
  }
}
