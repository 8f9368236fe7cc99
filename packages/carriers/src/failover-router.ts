import { CircuitState } from 'cockatiel';
import type { CallPlacer, CarrierAttempt, PlaceCallOutcome, PlaceCallRequest } from './call-placer.js';
import type { CarrierAdapter, DialRequest, LookupResult } from './carrier-adapter.js';
import { type Clock, sleep } from './clock.js';
import { type DialResult, resultOfProgress } from './dial-result.js';
import { ProviderCircuit, type ProviderCircuitOptions } from './provider-circuit.js';
import { HEALTH_RANK, type HealthStatus, healthAfterTraffic, healthOfProbe } from './provider-health.js';
import { rankProviders, routingStrategy } from './routing-policy.js';
import { withTimeout } from './with-timeout.js';

export interface FailoverRouterOptions {
  clock: Clock;
  /** Public base URL of our webhooks; carriers fetch `/webhooks/<kind>/voice` and post `/status`. */
  webhookBaseUrl: string;
  /** Provider attempts per call, not counting paced 429 retries (the lesson: 3). */
  maxAttempts?: number;
  circuit?: ProviderCircuitOptions;
  /** 429 while placing = our calls-per-second limit: wait and retry the same carrier. */
  pacing?: { maxWaits?: number; initialMs?: number; maxMs?: number };
  /** How long `place` follows a queued/ringing call for the callee's answer (0: don't). */
  answerTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Lookups of an "unknown" placement before giving up without trying elsewhere. */
  lookupAttempts?: number;
  /** Every attempt as it happens, for `carrier.attempt` events and metrics. */
  onAttempt?: (attempt: CarrierAttempt) => void;
}

interface ProviderSlot {
  adapter: CarrierAdapter;
  circuit: ProviderCircuit;
  health: HealthStatus;
  inFlight: number;
}

type AttemptVerdict = { next: true } | { next: false; outcome: PlaceCallOutcome };

export interface ProviderSnapshot {
  name: string;
  health: HealthStatus;
  circuit: 'closed' | 'open' | 'half-open' | 'isolated';
  inFlight: number;
  maxConcurrent: number;
}

const CIRCUIT_NAMES = ['closed', 'open', 'half-open', 'isolated'] as const;
const RINGING = new Set(['queued', 'ringing']);

/**
 * The CallPlacer with failover (shared/DESIGN.md "Carrier failover"): healthy before degraded,
 * within capacity, by priority or cost; up to 3 attempts; never retries the callee's answer;
 * a timeout is looked up by idempotency key before another carrier is tried.
 */
export class FailoverRouter implements CallPlacer {
  private readonly slots: ProviderSlot[];
  private readonly calls = new Map<string, ProviderSlot>();
  /** Recent call ids we were given, so a lookup never claims another key's call as ours. */
  private readonly knownCallIds = new Set<string>();
  private readonly opts: Required<Omit<FailoverRouterOptions, 'circuit' | 'onAttempt' | 'pacing'>> & FailoverRouterOptions;
  private readonly pacing: { maxWaits: number; initialMs: number; maxMs: number };

  constructor(adapters: readonly CarrierAdapter[], options: FailoverRouterOptions) {
    if (adapters.length === 0) throw new Error('FailoverRouter needs at least one carrier');
    this.opts = { maxAttempts: 3, answerTimeoutMs: 30_000, pollIntervalMs: 50, lookupAttempts: 4, ...options };
    this.pacing = { maxWaits: 4, initialMs: 200, maxMs: 2_000, ...options.pacing };
    this.slots = adapters.map((adapter) => ({
      adapter,
      circuit: new ProviderCircuit(options.clock, options.circuit),
      health: 'healthy',
      inFlight: 0,
    }));
  }

  async place(request: PlaceCallRequest): Promise<PlaceCallOutcome> {
    const attempts: CarrierAttempt[] = [];
    const tried = new Set<ProviderSlot>();
    const strategy = routingStrategy(request);
    let carrierAttempts = 0;
    while (carrierAttempts < this.opts.maxAttempts) {
      const eligible = this.slots.filter(
        (s) =>
          !tried.has(s) && s.inFlight < s.adapter.config.maxConcurrent && (s.circuit.state === CircuitState.Closed || s.circuit.trialDue),
      );
      const ranked = rankProviders(
        eligible.map((slot) => ({
          slot,
          name: slot.adapter.config.name,
          priority: slot.adapter.config.priority,
          costPerMinuteUsd: slot.adapter.config.costPerMinuteUsd.outbound,
          // A circuit due for its half-open trial competes as healthy: that trial is how we return.
          healthRank: slot.circuit.trialDue ? 0 : HEALTH_RANK[slot.health],
        })),
        strategy,
      );
      const slot = ranked.find((r) => r.slot.circuit.tryAcquire())?.slot;
      if (!slot) {
        const fullOnly = this.slots.some(
          (s) => !tried.has(s) && s.inFlight >= s.adapter.config.maxConcurrent && s.circuit.state === CircuitState.Closed,
        );
        return { ok: false, reason: fullOnly ? 'capacity' : 'all-down', attempts };
      }
      tried.add(slot);
      carrierAttempts += 1;
      const verdict = await this.attempt(slot, request, attempts);
      if (!verdict.next) return verdict.outcome;
    }
    return { ok: false, reason: 'all-down', attempts };
  }

  async hangup(provider: string, providerCallId: string): Promise<void> {
    const slot = this.calls.get(providerCallId) ?? this.slots.find((s) => s.adapter.config.name === provider);
    if (!slot) throw new Error(`unknown carrier "${provider}"`);
    try {
      await withTimeout(this.opts.clock, slot.adapter.config.requestTimeoutMs, (signal) => slot.adapter.hangup(providerCallId, signal));
    } finally {
      this.callEnded(providerCallId);
    }
  }

  /** The carrier reported the call over (status webhook): its capacity is free again. */
  callEnded(providerCallId: string): void {
    const slot = this.calls.get(providerCallId);
    if (!slot) return;
    this.calls.delete(providerCallId);
    slot.inFlight -= 1;
  }

  /** One round of health probes; the app runs it every `healthIntervalMs` (30 s by default). */
  async checkHealth(): Promise<ProviderSnapshot[]> {
    await Promise.all(
      this.slots.map(async (slot) => {
        try {
          const status = await withTimeout(this.opts.clock, slot.adapter.config.requestTimeoutMs, (signal) => slot.adapter.probe(signal));
          slot.health = healthOfProbe(status);
          // Recovery: a healthy probe makes the next call the half-open trial (backoff or not).
          if (slot.health === 'healthy') slot.circuit.trialNow();
        } catch (error) {
          slot.health = healthOfProbe(error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'error');
        }
      }),
    );
    return this.snapshot();
  }

  snapshot(): ProviderSnapshot[] {
    return this.slots.map((s) => ({
      name: s.adapter.config.name,
      health: s.health,
      circuit: CIRCUIT_NAMES[s.circuit.state] ?? 'open',
      inFlight: s.inFlight,
      maxConcurrent: s.adapter.config.maxConcurrent,
    }));
  }

  private remember(providerCallId: string): void {
    if (this.knownCallIds.size >= 50_000) this.knownCallIds.delete(this.knownCallIds.values().next().value as string);
    this.knownCallIds.add(providerCallId);
  }

  private record(attempts: CarrierAttempt[], attempt: CarrierAttempt): void {
    attempts.push(attempt);
    this.opts.onAttempt?.(attempt);
  }

  private async attempt(slot: ProviderSlot, request: PlaceCallRequest, attempts: CarrierAttempt[]): Promise<AttemptVerdict> {
    const { adapter, circuit } = slot;
    const name = adapter.config.name;
    const timeoutMs = adapter.config.requestTimeoutMs;
    const dialRequest: DialRequest = {
      ...request,
      answerUrl: `${this.opts.webhookBaseUrl}/webhooks/${adapter.config.kind}/voice`,
      statusCallbackUrl: `${this.opts.webhookBaseUrl}/webhooks/${adapter.config.kind}/status`,
    };
    slot.inFlight += 1;
    const sinceMs = this.opts.clock.now();
    const dialOnce = () =>
      withTimeout(this.opts.clock, timeoutMs, (signal) => adapter.place(dialRequest, signal)).catch(
        (): DialResult => ({ kind: 'unknown', error: 'timeout' }),
      );
    let result = await dialOnce();

    // shared/DESIGN.md "Outbound calls are regulated": a 429 is our own CPS limit — pace.
    for (let wait = 0; result.kind === 'rate-limited' && wait < this.pacing.maxWaits; wait += 1) {
      this.record(attempts, { provider: name, ok: false, error: '429 paced' });
      await sleep(this.opts.clock, result.retryAfterMs ?? Math.min(this.pacing.maxMs, this.pacing.initialMs * 2 ** wait));
      result = await dialOnce();
    }
    if (result.kind === 'rate-limited') {
      slot.inFlight -= 1;
      circuit.abandonTrial();
      this.record(attempts, { provider: name, ok: false, error: '429' });
      return { next: false, outcome: { ok: false, reason: 'capacity', attempts } };
    }

    // The carrier dialled but could not say so in time: the call stands, the carrier is sick.
    let answeredLate = false;
    if (result.kind === 'unknown') {
      const found = await this.lookup(adapter, request, sinceMs);
      if (found === null || (!found.found && !found.conclusive)) {
        // Could not tell whether the customer is being dialled: trying elsewhere could ring twice.
        slot.inFlight -= 1;
        circuit.failure();
        slot.health = healthAfterTraffic(slot.health, 'fault');
        this.record(attempts, { provider: name, ok: false, error: `${result.error} (unresolved; not retried elsewhere)` });
        return { next: false, outcome: { ok: false, reason: 'all-down', attempts } };
      }
      answeredLate = found.found;
      result = found.found
        ? resultOfProgress(found.providerCallId, found.progress, found.sipStatus)
        : { kind: 'fault', error: `${result.error} (not placed)` };
    }

    if (result.kind === 'placed' && this.opts.answerTimeoutMs > 0) result = await this.followUntilAnswered(adapter, result);

    switch (result.kind) {
      case 'placed':
        if (answeredLate) {
          circuit.failure();
          slot.health = healthAfterTraffic(slot.health, 'fault');
        } else {
          circuit.success();
          slot.health = healthAfterTraffic(slot.health, 'served');
        }
        this.calls.set(result.providerCallId, slot);
        this.remember(result.providerCallId);
        this.record(attempts, { provider: name, ok: true, error: null });
        return { next: false, outcome: { ok: true, provider: name, providerCallId: result.providerCallId, attempts } };
      case 'refused':
        // The carrier did its job; the callee said no. Never retried on another carrier.
        circuit.success();
        slot.health = healthAfterTraffic(slot.health, 'served');
        slot.inFlight -= 1;
        if (result.providerCallId) this.remember(result.providerCallId);
        this.record(attempts, { provider: name, ok: false, error: `${result.sipStatus} ${sipReason(result.sipStatus)}` });
        return { next: false, outcome: { ok: false, reason: 'refused', sipStatus: result.sipStatus, attempts } };
      case 'fault':
        circuit.failure();
        slot.health = healthAfterTraffic(slot.health, circuit.state === CircuitState.Closed ? 'fault' : 'circuit-open');
        slot.inFlight -= 1;
        this.record(attempts, { provider: name, ok: false, error: result.error });
        return { next: true };
      default:
        throw new Error(`unexpected dial result ${result.kind}`);
    }
  }

  private async lookup(adapter: CarrierAdapter, request: PlaceCallRequest, sinceMs: number): Promise<LookupResult | null> {
    for (let i = 0; i < this.opts.lookupAttempts; i += 1) {
      try {
        return await withTimeout(this.opts.clock, adapter.config.requestTimeoutMs, (signal) =>
          adapter.lookup({ idempotencyKey: request.idempotencyKey, to: request.to, sinceMs, knownCallIds: this.knownCallIds }, signal),
        );
      } catch {
        if (i + 1 < this.opts.lookupAttempts) await sleep(this.opts.clock, this.pacing.initialMs * 2 ** i);
      }
    }
    return null;
  }

  /** Follows a queued call until the callee answers or refuses; a status error leaves it placed. */
  private async followUntilAnswered(adapter: CarrierAdapter, placed: Extract<DialResult, { kind: 'placed' }>): Promise<DialResult> {
    const deadline = this.opts.clock.now() + this.opts.answerTimeoutMs;
    let result: DialResult = placed;
    while (result.kind === 'placed' && RINGING.has(result.progress) && this.opts.clock.now() < deadline) {
      await sleep(this.opts.clock, this.opts.pollIntervalMs);
      try {
        const status = await withTimeout(this.opts.clock, adapter.config.requestTimeoutMs, (signal) =>
          adapter.status(placed.providerCallId, signal),
        );
        result = resultOfProgress(placed.providerCallId, status.progress, status.sipStatus);
      } catch {
        return result; // the call exists; its outcome will arrive by webhook
      }
    }
    return result;
  }
}

function sipReason(sipStatus: number): string {
  const reasons: Record<number, string> = { 404: 'not found', 486: 'busy', 487: 'no answer', 603: 'decline', 600: 'busy everywhere' };
  return reasons[sipStatus] ?? 'refused';
}
