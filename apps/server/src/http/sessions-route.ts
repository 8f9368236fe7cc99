import type { CreateSessionResponse } from '@switchboard/protocol';
import { Hono } from 'hono';
import { type LiveKitConfig, roomForCall, roomToken } from '../adapters/livekit/livekit-tokens.js';
import type { CallHub } from '../ws/call-hub.js';

/**
 * POST /api/sessions — a visitor starts a web call. The answer says which transport to use:
 * our WebSocket, or a LiveKit room when one is configured (shared/DESIGN.md, "Web audio").
 */
export function sessionsRoute(hub: CallHub, options: { publicUrl?: string; livekit?: LiveKitConfig }) {
  return new Hono().post('/api/sessions', async (c) => {
    const { callId, resumeToken } = hub.createSession();
    const base = new URL(options.publicUrl ?? new URL(c.req.url).origin);
    const wsUrl = `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}/ws/calls/${callId}`;
    const transport: CreateSessionResponse['transport'] = options.livekit
      ? { kind: 'livekit', url: options.livekit.url, token: await roomToken(options.livekit, { room: roomForCall(callId), identity: `visitor-${callId}`, role: 'visitor' }) }
      : { kind: 'websocket', url: wsUrl };
    const body: CreateSessionResponse = { callId, resumeToken, transport };
    return c.json(body, 201);
  });
}
