import type { Tier } from '@switchboard/protocol';

/**
 * What the call runtime needs from the carrier layer: place a call (an agent leg of a
 * transfer, a callback) with failover, and hang it up. The failover router implements it;
 * the scenario simulator and the server both use the router against real HTTP (the carrier
 * simulators on 127.0.0.1 in tests).
 */
export type CallType = 'inbound_transfer' | 'callback' | 'outbound_marketing' | 'general_support' | 'long_support' | 'enterprise_support';

export interface PlaceCallRequest {
  to: string;
  from: string;
  /** Same key on every attempt and provider: a retry never dials the customer twice. */
  idempotencyKey: string;
  callType: CallType;
  tier: Tier;
  expectedMinutes?: number;
}

export interface CarrierAttempt {
  provider: string;
  ok: boolean;
  /** e.g. "503", "timeout", "circuit-open", "486 busy"; null when ok. */
  error: string | null;
}

export type PlaceCallOutcome =
  | { ok: true; provider: string; providerCallId: string; attempts: CarrierAttempt[] }
  /**
   * all-down: every carrier faulted or is unavailable; capacity: all within-health carriers are full;
   * refused: the callee's own answer (486 busy, 603 decline, 404) — never retried on another carrier.
   */
  | { ok: false; reason: 'all-down' | 'capacity' | 'refused'; sipStatus?: number; attempts: CarrierAttempt[] };

export interface CallPlacer {
  place(request: PlaceCallRequest): Promise<PlaceCallOutcome>;
  hangup(provider: string, providerCallId: string): Promise<void>;
}
