import { CircuitState, ConsecutiveBreaker, ExponentialBackoff, type IBackoff, type IBackoffFactory, type IBreaker } from 'cockatiel';
import type { Clock } from './clock.js';

export interface ProviderCircuitOptions {
  /** Consecutive carrier faults that open the circuit (cockatiel ConsecutiveBreaker). */
  failureThreshold?: number;
  /** How long to stay open before a half-open trial; grows on each failed trial. */
  backoff?: IBackoffFactory<unknown>;
}

/**
 * A circuit breaker per carrier with the clock injected. cockatiel 3's CircuitBreakerPolicy
 * reads the wall clock for its open time and makes concurrent callers await the half-open test,
 * so it cannot run on a simulated clock; this keeps cockatiel's parts that are pure — the
 * breaker (failure counting) and the exponential backoff with decorrelated jitter — and
 * does the closed → open → half-open → closed transitions itself, the same way
 * CircuitBreakerPolicy does (cockatiel src/CircuitBreakerPolicy.ts).
 */
export class ProviderCircuit {
  private readonly breaker: IBreaker;
  private readonly backoffFactory: IBackoffFactory<unknown>;
  private inner:
    | { state: CircuitState.Closed }
    | { state: CircuitState.Open; openedAtMs: number; backoff: IBackoff<unknown> }
    | { state: CircuitState.HalfOpen; backoff: IBackoff<unknown> } = { state: CircuitState.Closed };

  constructor(
    private readonly clock: Clock,
    options: ProviderCircuitOptions = {},
  ) {
    this.breaker = new ConsecutiveBreaker(options.failureThreshold ?? 3);
    this.backoffFactory = options.backoff ?? new ExponentialBackoff({ initialDelay: 500, maxDelay: 30_000 });
  }

  get state(): CircuitState {
    return this.inner.state;
  }

  /** Open and its backoff has elapsed: the next call may be the half-open trial. */
  get trialDue(): boolean {
    return this.inner.state === CircuitState.Open && this.clock.now() - this.inner.openedAtMs >= this.inner.backoff.duration;
  }

  /** Whether a call may go to this carrier now; claims the single half-open trial if due. */
  tryAcquire(): boolean {
    switch (this.inner.state) {
      case CircuitState.Closed:
        return true;
      case CircuitState.HalfOpen:
        return false; // one trial at a time
      case CircuitState.Open:
        if (!this.trialDue) return false;
        this.inner = { state: CircuitState.HalfOpen, backoff: this.inner.backoff };
        return true;
      default:
        return false;
    }
  }

  success(): void {
    this.breaker.success(this.inner.state);
    if (this.inner.state !== CircuitState.Closed) this.inner = { state: CircuitState.Closed };
  }

  failure(): void {
    const inner = this.inner;
    if (inner.state === CircuitState.HalfOpen) {
      this.breaker.failure(inner.state);
      this.inner = { state: CircuitState.Open, openedAtMs: this.clock.now(), backoff: inner.backoff.next(undefined) };
    } else if (inner.state === CircuitState.Closed && this.breaker.failure(inner.state)) {
      this.inner = { state: CircuitState.Open, openedAtMs: this.clock.now(), backoff: this.backoffFactory.next(undefined) };
    }
  }

  /** A trial that ended without a verdict on the carrier (e.g. paced by 429) goes back to open. */
  abandonTrial(): void {
    if (this.inner.state === CircuitState.HalfOpen)
      this.inner = { state: CircuitState.Open, openedAtMs: -Infinity, backoff: this.inner.backoff };
  }

  /** A health probe saw the carrier answer again: don't wait out the backoff for the trial. */
  trialNow(): void {
    if (this.inner.state === CircuitState.Open) this.inner = { ...this.inner, openedAtMs: -Infinity };
  }

  /** Milliseconds until a trial is allowed (0 when closed or due). */
  get retryInMs(): number {
    if (this.inner.state !== CircuitState.Open) return 0;
    return Math.max(0, this.inner.openedAtMs + this.inner.backoff.duration - this.clock.now());
  }
}
