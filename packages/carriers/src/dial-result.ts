/**
 * What one placement attempt on one carrier came to, before any failover decision.
 * The split that matters (shared/DESIGN.md "Carrier failover"): a carrier fault may be retried
 * elsewhere, the callee's own answer never, and "unknown" must be looked up first.
 */
export type CallProgress = 'queued' | 'ringing' | 'answered' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export type DialResult =
  | { kind: 'placed'; providerCallId: string; progress: CallProgress }
  /** The callee (or the number) said no: 486 busy, 603 decline, 404 no such number. */
  | { kind: 'refused'; sipStatus: number; providerCallId?: string }
  /** The carrier failed and provably did not dial (5xx, connection refused, SIP 408/480/503/504). */
  | { kind: 'fault'; error: string }
  /** HTTP 429 while placing: our own calls-per-second limit — pace, don't fail over. */
  | { kind: 'rate-limited'; retryAfterMs: number | null }
  /** Timeout, reset or an unreadable 2xx: the call may exist — look it up before going elsewhere. */
  | { kind: 'unknown'; error: string };

/** SIP finals that mean the callee or number refused (never retried on another carrier). */
const CALLEE_SIP = new Set([404, 410, 484, 486, 600, 603, 604, 606]);
/** SIP finals that are the network's fault (RFC 3261 §21: 408, 480, 503, 504). */
const CARRIER_SIP = new Set([408, 480, 500, 502, 503, 504]);

export function classifySipFinal(sipStatus: number): 'refused' | 'fault' {
  if (CALLEE_SIP.has(sipStatus)) return 'refused';
  if (CARRIER_SIP.has(sipStatus)) return 'fault';
  // Other 4xx/6xx are about the request or the callee; other 5xx about the network.
  return sipStatus >= 500 && sipStatus < 600 ? 'fault' : 'refused';
}

/** Maps a progress status (plus the SIP code when the carrier gives one) to a dial result. */
export function resultOfProgress(providerCallId: string, progress: CallProgress, sipStatus: number | null): DialResult {
  switch (progress) {
    case 'busy':
      return { kind: 'refused', sipStatus: sipStatus ?? 486, providerCallId };
    case 'no-answer':
      // The callee let it ring out: their answer, not the network's (SIP 487 after our CANCEL).
      return { kind: 'refused', sipStatus: sipStatus ?? 487, providerCallId };
    case 'failed':
    case 'canceled':
      if (sipStatus !== null && classifySipFinal(sipStatus) === 'refused') return { kind: 'refused', sipStatus, providerCallId };
      return { kind: 'fault', error: sipStatus !== null ? `sip ${sipStatus}` : progress };
    default:
      return { kind: 'placed', providerCallId, progress };
  }
}

/** HTTP status of a create-call request that came back with a response at all. */
export function resultOfHttpStatus(status: number, retryAfter: string | null): DialResult | null {
  if (status >= 200 && status < 300) return null; // read the body
  if (status === 429) {
    const seconds = retryAfter !== null ? Number(retryAfter) : Number.NaN;
    return { kind: 'rate-limited', retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : null };
  }
  if (status >= 500) return { kind: 'fault', error: String(status) };
  // 400/404/422 on create: the request (usually the number) is bad on any carrier → the callee side.
  if (status === 400 || status === 404 || status === 422) return { kind: 'refused', sipStatus: 404 };
  // 401/403 and the rest: this carrier's account or API is broken; another carrier may work.
  return { kind: 'fault', error: String(status) };
}

/** Error codes that prove the request never reached the carrier (safe to go elsewhere). */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** A thrown fetch error: connection refused is a clean fault; anything else may have dialled. */
export function resultOfNetworkError(error: unknown): DialResult {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  if (code !== null && NEVER_SENT.has(code)) return { kind: 'fault', error: code.toLowerCase() };
  return { kind: 'unknown', error: code !== null ? code.toLowerCase() : 'network' };
}
