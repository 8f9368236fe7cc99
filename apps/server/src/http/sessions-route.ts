import type { CreateSessionResponse } from '@switchboard/protocol';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { type LiveKitConfig, roomForCall, roomToken } from '../adapters/livekit/livekit-tokens.js';
import type { CallHub } from '../ws/call-hub.js';

/** What the widget may ask for; an empty body is the server's own flow. */
const SessionRequestSchema = z.object({
  flow: z.string().max(200).optional(),
  language: z.string().max(35).optional(),
});

/**
 * An embedding page names the flow and language it expects (<switchboard-voice flow language>);
 * this server runs one flow, so a mismatch is refused rather than answered in another flow.
 */
async function checkRequestedFlow(text: string, flow: { id: string; language: string }): Promise<void> {
  if (!text.trim()) return;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HTTPException(400, { message: 'body must be JSON' });
  }
  const parsed = SessionRequestSchema.safeParse(raw);
  if (!parsed.success)
    throw new HTTPException(400, { message: `invalid session request: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}` });
  const { flow: id, language } = parsed.data;
  if (id !== undefined && id !== flow.id)
    throw new HTTPException(400, { message: `flow "${id}" is not served here (this server runs "${flow.id}")` });
  // "en" matches "en-US" and back: the widget names a language, the flow may name a region too.
  const base = (tag: string) => tag.toLowerCase().split('-')[0];
  if (language !== undefined && base(language) !== base(flow.language))
    throw new HTTPException(400, { message: `language "${language}" is not served here (flow "${flow.id}" speaks "${flow.language}")` });
}

/**
 * POST /api/sessions — a visitor starts a web call. The answer says which transport to use:
 * our WebSocket, or a LiveKit room when one is configured (shared/DESIGN.md, "Web audio").
 */
export function sessionsRoute(hub: CallHub, options: { publicUrl?: string; livekit?: LiveKitConfig }) {
  return new Hono().post('/api/sessions', async (c) => {
    await checkRequestedFlow(await c.req.text(), hub.services.flow);
    const { callId, resumeToken } = hub.createSession();
    const base = new URL(options.publicUrl ?? new URL(c.req.url).origin);
    const wsUrl = `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}/ws/calls/${callId}`;
    const transport: CreateSessionResponse['transport'] = options.livekit
      ? {
          kind: 'livekit',
          url: options.livekit.url,
          token: await roomToken(options.livekit, { room: roomForCall(callId), identity: `visitor-${callId}`, role: 'visitor' }),
        }
      : { kind: 'websocket', url: wsUrl };
    const body: CreateSessionResponse = { callId, resumeToken, transport };
    return c.json(body, 201);
  });
}
