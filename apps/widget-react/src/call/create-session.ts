import { type CreateSessionResponse, CreateSessionResponseSchema } from '@switchboard/protocol';

export interface SessionRequest {
  vad: 'browser' | 'server';
  /** The flow id and language the embedding page asked for; the server refuses a mismatch with 400. */
  flow?: string;
  language?: string;
}

/** POST /api/sessions — the server decides the transport (WebSocket or a LiveKit room). */
export async function createSession(url: string, request: SessionRequest): Promise<CreateSessionResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'web', ...request }),
  });
  if (!res.ok) {
    const detail = await res
      .json()
      .then((b: { error?: unknown }) => (typeof b.error === 'string' ? `: ${b.error}` : ''))
      .catch(() => '');
    throw new Error(`the call server answered ${res.status}${detail}`);
  }
  const parsed = CreateSessionResponseSchema.safeParse(await res.json());
  if (!parsed.success) throw new Error('the call server sent a session we do not understand');
  return parsed.data;
}
