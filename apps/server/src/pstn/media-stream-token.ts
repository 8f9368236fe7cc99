import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ProviderConfig } from '@switchboard/carriers';

/**
 * Twilio signs webhooks but not the Media Streams WebSocket (pstn-contracts.md §1.6). The
 * signature-verified voice webhook therefore hands the stream a short-lived HMAC token in
 * <Parameter>s (the stream URL's query string is stripped, §1.7), binding it to the call and
 * the caller's number; the socket checks it on `start` with a constant-time compare.
 * Keyed by the provider's own webhook secret, so every worker that verifies the provider's
 * webhooks can verify its streams; no state is kept between the webhook and the socket.
 */

/** Twilio opens the stream right after it reads the TwiML; a minute covers slow networks. */
export const STREAM_TOKEN_TTL_MS = 60_000;

export interface StreamGrant {
  provider: string;
  callSid: string;
  /** The caller's number as the signed webhook gave it: the jurisdiction is decided from it. */
  from: string;
}

export type StreamTokenCheck = { ok: true; grant: StreamGrant } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'invalid' };

/** The secret behind the provider's webhook signatures, domain-separated for this use. */
function keyFor(provider: ProviderConfig): Buffer {
  const secret =
    provider.kind === 'twilio'
      ? provider.credentials.authToken
      : provider.kind === 'signalwire'
        ? provider.credentials.signingKey
        : provider.credentials.apiKey;
  return createHmac('sha256', secret).update('switchboard/media-stream-token/v1').digest();
}

const mac = (key: Buffer, grant: StreamGrant, expiresAtMs: number) =>
  createHmac('sha256', key)
    .update([grant.provider, grant.callSid, grant.from, String(expiresAtMs)].join('\n'))
    .digest();

/** `<expiresAtMs>.<base64url HMAC>`; sent with `from` as stream parameters. */
export function issueStreamToken(provider: ProviderConfig, grant: StreamGrant, nowMs: number, ttlMs = STREAM_TOKEN_TTL_MS): string {
  const expiresAtMs = Math.floor(nowMs + ttlMs);
  return `${expiresAtMs}.${mac(keyFor(provider), grant, expiresAtMs).toString('base64url')}`;
}

export function verifyStreamToken(
  provider: ProviderConfig,
  grant: StreamGrant,
  token: string | undefined,
  nowMs: number,
): StreamTokenCheck {
  if (!token) return { ok: false, reason: 'missing' };
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const expiresAtMs = Number(m[1]);
  // Compare the text, not decoded bytes: the last of 43 base64url characters carries two unused
  // bits, so four spellings decode to one MAC and a decoded compare accepts altered tokens.
  const given = Buffer.from(m[2] as string);
  const expected = Buffer.from(mac(keyFor(provider), grant, expiresAtMs).toString('base64url'));
  // Compare first, whatever the expiry: a forged token learns nothing from timing.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  if (nowMs > expiresAtMs) return { ok: false, reason: 'expired' };
  return { ok: true, grant };
}
