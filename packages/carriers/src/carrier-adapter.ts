import type { PlaceCallRequest } from './call-placer.js';
import type { CallProgress, DialResult } from './dial-result.js';
import type { ProviderConfig } from './provider-config.js';

export interface DialRequest extends PlaceCallRequest {
  /** Where the carrier fetches call instructions (TwiML/LaML) or posts call-control events. */
  answerUrl: string;
  statusCallbackUrl: string;
}

export type LookupResult =
  | { found: true; providerCallId: string; progress: CallProgress; sipStatus: number | null }
  /**
   * `conclusive: false` when the carrier can only list live calls (Telnyx active_calls): a call
   * that already ended (e.g. the callee was busy) would be missing too, so "not found" proves nothing.
   */
  | { found: false; conclusive: boolean };

export interface LookupRequest {
  idempotencyKey: string;
  to: string;
  sinceMs: number;
  /** Calls already accounted for (placed for other keys): never "ours" even if they match. */
  knownCallIds: ReadonlySet<string>;
}

export interface CallStatus {
  progress: CallProgress;
  sipStatus: number | null;
}

/**
 * One carrier's REST API behind one shape. Implementations never throw for carrier
 * behaviour on `place` (they return a DialResult); `lookup`/`status`/`hangup` throw a
 * CarrierError when the carrier cannot answer.
 */
export interface CarrierAdapter {
  readonly config: ProviderConfig;
  place(request: DialRequest, signal: AbortSignal): Promise<DialResult>;
  /** Finds a call this key placed since `sinceMs` (epoch ms), so a timeout never dials twice. */
  lookup(request: LookupRequest, signal: AbortSignal): Promise<LookupResult>;
  status(providerCallId: string, signal: AbortSignal): Promise<CallStatus>;
  hangup(providerCallId: string, signal: AbortSignal): Promise<void>;
  /** HTTP status of the health probe (throws on network error). */
  probe(signal: AbortSignal): Promise<number>;
}

/** I/O failure with a code and whether trying elsewhere makes sense (shared/STYLE.md). */
export class CarrierError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'CarrierError';
  }
}
