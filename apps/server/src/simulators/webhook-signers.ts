import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import twilio from 'twilio';

/** What a carrier POSTs to us: URL, headers and the exact body bytes it signed. */
export interface SignedWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Twilio: HMAC-SHA1 over the full URL + sorted form params with the Auth Token, base64, in
 * X-Twilio-Signature — computed by the SDK's own `getExpectedTwilioSignature`, the function its
 * validator compares against (twilio-node src/webhooks/webhooks.ts).
 */
export function signTwilioForm(authToken: string, url: string, params: Record<string, string>): SignedWebhook {
  return {
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
}

/**
 * SignalWire compatibility webhooks: the same algorithm keyed with the project's Signing Key,
 * sent as X-SignalWire-Signature (X-Twilio-Signature is accepted as an alias).
 */
export function signSignalWireForm(
  signingKey: string,
  url: string,
  params: Record<string, string>,
  header = 'x-signalwire-signature',
): SignedWebhook {
  return {
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', [header]: twilio.getExpectedTwilioSignature(signingKey, url, params) },
    body: new URLSearchParams(params).toString(),
  };
}

/** A Telnyx account's Ed25519 key pair: the public half goes in config, the private signs. */
export interface TelnyxSigningKey {
  publicKeyBase64: string;
  privateKey: KeyObject;
}

export function createTelnyxSigningKey(): TelnyxSigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw 32-byte key is the tail of the SPKI DER encoding (12-byte prefix for Ed25519).
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return { publicKeyBase64: raw.toString('base64'), privateKey: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })) };
}

/** Telnyx: Ed25519 over `${timestamp}|${rawBody}`, headers telnyx-signature-ed25519 / telnyx-timestamp. */
export function signTelnyxJson(
  key: TelnyxSigningKey,
  url: string,
  payload: unknown,
  timestampSeconds = Math.floor(Date.now() / 1000),
): SignedWebhook {
  return signTelnyxBody(key, url, JSON.stringify(payload), 'application/json', timestampSeconds);
}

/** TeXML callbacks are form-encoded but signed the same way (pstn-contracts.md §2.4). */
export function signTelnyxBody(
  key: TelnyxSigningKey,
  url: string,
  body: string,
  contentType: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): SignedWebhook {
  const signature = sign(null, Buffer.from(`${timestampSeconds}|${body}`), key.privateKey).toString('base64');
  return {
    url,
    headers: { 'content-type': contentType, 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': String(timestampSeconds) },
    body,
  };
}
