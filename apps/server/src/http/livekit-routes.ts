import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { createLiveKitWebhook, LiveKitWebhookError } from '../adapters/livekit/livekit-webhook.js';
import { type LiveKitConfig, roomToken } from '../adapters/livekit/livekit-tokens.js';
import { requireStaff } from '../auth/staff-auth.js';
import type { TokenStore } from '../auth/token-store.js';
import type { Logger } from '../observability/logger.js';
import type { CallHub } from '../ws/call-hub.js';
import type { WebhookDedup } from './webhook-dedup.js';

const TokenRequestSchema = z.strictObject({ room: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a room name') });

/**
 * POST /api/livekit/token (staff joining a call's room from the operator console) and
 * POST /webhooks/livekit (signature verified on the raw body; a repeated event id is a no-op).
 */
export function livekitRoutes(options: { config?: LiveKitConfig; tokens: TokenStore; hub: CallHub; dedup: WebhookDedup; logger: Logger }) {
  const { config, tokens, hub, dedup, logger } = options;
  const app = new Hono<{ Variables: { staff: string } }>();
  const verify = config ? createLiveKitWebhook(config) : undefined;

  app.post('/api/livekit/token', requireStaff(tokens), async (c) => {
    if (!config) throw new HTTPException(404, { message: 'LiveKit is not configured' });
    const parsed = TokenRequestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) throw new HTTPException(400, { message: `send {"room": NAME}: ${parsed.error.issues[0]?.message ?? ''}` });
    const token = await roomToken(config, { room: parsed.data.room, identity: `staff-${c.get('staff')}`, role: 'staff' });
    return c.json({ url: config.url, token });
  });

  app.post('/webhooks/livekit', async (c) => {
    if (!verify) throw new HTTPException(404, { message: 'LiveKit is not configured' });
    const raw = await c.req.text();
    let event: Awaited<ReturnType<typeof verify>>;
    try {
      event = await verify(raw, c.req.header('authorization'));
    } catch (error) {
      if (error instanceof LiveKitWebhookError) throw new HTTPException(401, { message: error.message });
      throw error;
    }
    if (!dedup.firstTime('livekit', event.eventId)) return c.json({ ok: true, duplicate: true });
    if (event.kind === 'participant.joined' || event.kind === 'participant.left') {
      logger.info({ event: event.kind, room: event.room, callId: event.callId, sip: event.sip !== null, pii: { identity: event.identity, phoneNumber: event.sip?.phoneNumber } }, 'livekit participant');
      // The visitor (or SIP caller) leaving the room ends the call, once.
      const isCaller = event.identity.startsWith('visitor-') || event.sip !== null;
      if (event.kind === 'participant.left' && isCaller && event.callId && hub.knows(event.callId)) {
        const call = await hub.open(event.callId);
        await call.session.input({ type: 'caller.hungup', id: `livekit:${event.eventId}` });
      }
    }
    return c.json({ ok: true, kind: event.kind, callId: event.kind === 'ignored' ? undefined : event.callId });
  });
  return app;
}
