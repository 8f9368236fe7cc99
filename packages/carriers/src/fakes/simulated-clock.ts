import type { Clock } from '../clock.js';

/**
 * A clock for tests: time moves only to the next pending timer, and only once every
 * promise in flight has settled (checked on a macrotask), so a 30-second backoff takes no
 * wall time and ordering is deterministic. Modelled on xstate's SimulatedClock.
 */
export class SimulatedClock implements Clock {
  private now: number;
  private timers: { atMs: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  private scheduled = false;

  constructor(startMs = 1_700_000_000_000) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = { atMs: this.now + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal.reason);
      });
      this.schedule();
    });
  }

  /** Moves time forward by hand (fires the timers that fall due). */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.atMs > until) break;
      this.fire(next);
    }
    this.now = until;
  }

  private earliest() {
    return this.timers.reduce<(typeof this.timers)[number] | undefined>(
      (a, t) => (!a || t.atMs < a.atMs || (t.atMs === a.atMs && t.seq < a.seq) ? t : a),
      undefined,
    );
  }

  private fire(timer: (typeof this.timers)[number]): void {
    this.timers = this.timers.filter((t) => t !== timer);
    this.now = Math.max(this.now, timer.atMs);
    timer.resolve();
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
