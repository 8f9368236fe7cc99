import { RestClient } from '@signalwire/compatibility-api';
import type { ProviderConfig } from '@switchboard/carriers';
import { TelnyxWebhook } from 'telnyx/lib/webhooks';
import twilio from 'twilio';

export interface RawWebhook {
  /** The public URL the carrier called (configured base + path + query), never the proxied one. */
  url: string;
  headers: Headers;
  body: string;
}

/** Form params as the carrier signed them (all values strings; the SDKs sort and join). */
export function formParams(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

/**
 * Verifies a webhook with the carrier's own SDK validator (no hand-rolled crypto):
 * Twilio `validateRequest` (HMAC-SHA1, Auth Token); SignalWire `RestClient.validateRequest`
 * with the Signing Key and X-SignalWire-Signature or X-Twilio-Signature; Telnyx
 * `TelnyxWebhook.verify` (Ed25519 over `timestamp|body`, 300 s tolerance).
 */
export async function verifyWebhook(config: ProviderConfig, webhook: RawWebhook): Promise<boolean> {
  switch (config.kind) {
    case 'twilio': {
      const signature = webhook.headers.get('x-twilio-signature');
      return signature !== null && twilio.validateRequest(config.credentials.authToken, signature, webhook.url, formParams(webhook.body));
    }
    case 'signalwire': {
      const signature = webhook.headers.get('x-signalwire-signature') ?? webhook.headers.get('x-twilio-signature');
      return (
        signature !== null && RestClient.validateRequest(config.credentials.signingKey, signature, webhook.url, formParams(webhook.body))
      );
    }
    case 'telnyx':
      try {
        const headers: Record<string, string> = {};
        webhook.headers.forEach((value, name) => {
          headers[name] = value;
        });
        await new TelnyxWebhook(config.credentials.publicKey).verify(webhook.body, headers);
        return true;
      } catch {
        return false;
      }
    default: {
      const never: never = config;
      throw new Error(`unknown carrier ${String(never)}`);
    }
  }
}
