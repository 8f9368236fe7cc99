import { FRAME_SAMPLES, int16ToBytesLE, toFrames } from '@switchboard/audio';
import { type CallEvent, type CreateSessionResponse, CreateSessionResponseSchema, type ServerMessage, ServerMessageSchema } from '@switchboard/protocol';
import WebSocket from 'ws';

export async function createSession(baseUrl: string): Promise<CreateSessionResponse> {
  const res = await fetch(`${baseUrl}/api/sessions`, { method: 'POST' });
  if (res.status !== 201) throw new Error(`POST /api/sessions → ${res.status}`);
  return CreateSessionResponseSchema.parse(await res.json());
}

/** A browser's side of a web call, over a real `ws` socket. */
export class CallClient {
  readonly messages: ServerMessage[] = [];
  readonly ttsFrames: number[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  readonly ws: WebSocket;
  #waiters: (() => void)[] = [];

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) this.ttsFrames.push((data as Buffer).length);
      else this.messages.push(ServerMessageSchema.parse(JSON.parse(String(data))));
      for (const w of this.#waiters.splice(0)) w();
    });
    this.ws.on('error', () => undefined);
  }

  events(): CallEvent[] {
    return this.messages.flatMap((m) => (m.type === 'event' ? [m.event] : []));
  }

  lastSeq(): number {
    return Math.max(0, ...this.messages.flatMap((m) => (m.type === 'event' ? [m.seq] : [])));
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  async waitFor<T extends ServerMessage>(predicate: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  async waitFor(predicate: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  async waitFor(predicate: (m: ServerMessage) => boolean, timeoutMs = 30_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got:\n${this.messages.map((m) => JSON.stringify(m)).join('\n')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  waitForEvent(type: CallEvent['type'], fields: Record<string, unknown> = {}, timeoutMs?: number): Promise<CallEvent> {
    return this.waitFor((m) => m.type === 'event' && m.event.type === type && Object.entries(fields).every(([k, v]) => (m.event as Record<string, unknown>)[k] === v), timeoutMs).then(
      (m) => (m as Extract<ServerMessage, { type: 'event' }>).event,
    );
  }

  /** Streams audio as a browser's worklet does: one 512-sample frame every 32 ms. */
  async stream(samples: Int16Array, paceMs = 32): Promise<void> {
    for (const frame of toFrames(samples, FRAME_SAMPLES)) {
      if (this.ws.readyState !== WebSocket.OPEN) return;
      this.ws.send(int16ToBytesLE(frame));
      await new Promise((r) => setTimeout(r, paceMs));
    }
  }

  close(): void {
    this.ws.close();
  }
}
