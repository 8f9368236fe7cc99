import { type CreateSessionResponse, CreateSessionResponseSchema } from '@switchboard/protocol';

/** POST /api/sessions — the server decides the transport (WebSocket or a LiveKit room). */
export async function createSession(vad: 'browser' | 'server'): Promise<CreateSessionResponse> {
  const res = await fetch('/api/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'web', vad }),
  });
  if (!res.ok) throw new Error(`the call server answered ${res.status}`);
  const parsed = CreateSessionResponseSchema.safeParse(await res.json());
  if (!parsed.success) throw new Error('the call server sent a session we do not understand');
  return parsed.data;
}
