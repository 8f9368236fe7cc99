import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { callForRoom } from '../adapters/livekit/livekit-tokens.js';
import type { StoredWebhookAnswer, WebhookDedup } from './webhook-dedup.js';

/**
 * Every POST under /webhooks/<source>/ is handled once: a delivery seen before — by the
 * sender's event id, or by a digest of exactly what the sender signed — gets the answer it
 * got the first time, from the durable table (webhook-dedup.ts), and no handler runs again.
 *
 * Why a digest of the signed payload: Telnyx signs `timestamp|body`, not the URL
 * (shared/FACTS.md), so a captured, validly signed Gather could be replayed with another `turn`
 * in the query string and be taken as a new turn. The digest covers only what is signed (and the
 * signature), so such a replay matches the original. Twilio and SignalWire sign the URL and the
 * form, so their digest covers the URL and the body; LiveKit signs the body's sha256 in its JWT.
 *
 * Only 2xx answers are remembered, and only routes verify signatures, so an unsigned or forged
 * request never becomes a remembered one: it is refused downstream (403/401) every time.
 * A repeat that matches a remembered digest carries the same signature over the same signed
 * bytes as a delivery that verified, so answering it from the table reveals nothing new.
 */
export function webhookReplayGuard(dedup: WebhookDedup): MiddlewareHandler {
  // Two deliveries of one event at once: the second waits for the first's answer.
  const inFlight = new Map<string, Promise<StoredWebhookAnswer | undefined>>();

  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const source = c.req.path.split('/')[2] ?? '';
    const body = await c.req.text();
    const keys = deliveryKeys(c, source, body);
    if (keys.length === 0) return next(); // unsigned: the route refuses it
    for (const key of keys) {
      const pending = inFlight.get(`${source} ${key}`);
      const stored = pending ? await pending : dedup.recall(source, key);
      if (stored) return replay(stored);
    }
    let settle: (answer: StoredWebhookAnswer | undefined) => void = () => undefined;
    const pending = new Promise<StoredWebhookAnswer | undefined>((r) => (settle = r));
    for (const key of keys) inFlight.set(`${source} ${key}`, pending);
    let answer: StoredWebhookAnswer | undefined;
    try {
      await next();
      if (c.res.status >= 200 && c.res.status < 300) {
        answer = { status: c.res.status, contentType: c.res.headers.get('content-type') ?? 'text/plain', body: await c.res.clone().text() };
        const callId = callOf(source, c.req.header('content-type'), body);
        for (const key of keys) dedup.remember(source, key, { ...answer, callId });
      }
    } finally {
      for (const key of keys) inFlight.delete(`${source} ${key}`);
      settle(answer);
    }
  };
}

const sha256 = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');

/** The keys a delivery is known by: the sender's event id when it has one, and the digest of what it signed. */
function deliveryKeys(c: Context, source: string, body: string): string[] {
  const header = (name: string) => c.req.header(name) ?? '';
  const keys: string[] = [];
  const telnyxSignature = header('telnyx-signature-ed25519');
  const laml = header('x-twilio-signature') || header('x-signalwire-signature');
  const livekit = source === 'livekit' ? header('authorization') : '';
  if (telnyxSignature) {
    keys.push(`signed:${sha256('telnyx', header('telnyx-timestamp'), telnyxSignature, body)}`);
    const eventId = telnyxEventId(body);
    if (eventId) keys.push(`event:${eventId}`);
  } else if (laml) {
    const url = new URL(c.req.url);
    keys.push(`signed:${sha256('laml', `${url.pathname}${url.search}`, laml, body)}`);
    // Twilio's id for one delivery, the same on each of its retries.
    const token = header('i-twilio-idempotency-token');
    if (token) keys.push(`event:${token}`);
  } else if (livekit) {
    keys.push(`signed:${sha256('livekit', livekit, body)}`);
  }
  return keys;
}

function telnyxEventId(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { data?: { id?: unknown } }).data?.id;
    return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
  } catch {
    return undefined; // TeXML is a form post: no event id, the digest covers it
  }
}

/** The call a delivery belongs to (ids as the phone doors name them), so erasure finds its stored answer. */
function callOf(source: string, contentType: string | undefined, body: string): string | undefined {
  try {
    if (contentType?.includes('json')) {
      const json = JSON.parse(body) as { data?: { payload?: { call_control_id?: unknown } }; room?: { name?: unknown } };
      if (source === 'livekit') return typeof json.room?.name === 'string' ? callForRoom(json.room.name) : undefined;
      const id = json.data?.payload?.call_control_id;
      return typeof id === 'string' ? `pstn-${source}-${id}` : undefined;
    }
    const callSid = new URLSearchParams(body).get('CallSid');
    // pstn/pstn-call.ts pstnCallId and media-stream-call.ts streamCallId: `pstn-<provider>-<CallSid>`.
    return callSid ? `pstn-${source}-${callSid}` : undefined;
  } catch {
    return undefined;
  }
}

function replay(stored: StoredWebhookAnswer): Response {
  return new Response(stored.status === 204 ? null : stored.body, {
    status: stored.status,
    headers: { 'content-type': stored.contentType, 'x-switchboard-repeat': '1' },
  });
}
