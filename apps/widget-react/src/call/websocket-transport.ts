import { type ClientMessage, CloseCodes, type ServerMessage, ServerMessageSchema } from '@switchboard/protocol';
import { backoffDelayMs } from './backoff';
import type { CallTransport, TransportStatus } from './transport';

export interface WebSocketTransportOptions {
  /** Absolute ws(s):// URL, or a path resolved against the page's origin. */
  url: string;
  resumeToken: string;
  vad: 'browser' | 'server';
  /** Give up after this many consecutive failed reconnects. */
  maxAttempts?: number;
  /** Audio kept while disconnected (frames of 32 ms); beyond it the oldest is dropped. */
  maxQueuedFrames?: number;
  createSocket?: (url: string) => WebSocket;
}

/** Close codes after which reconnecting cannot help (protocol wire.ts CloseCodes). */
const FINAL_CLOSES = new Set<number>([
  CloseCodes.normal,
  CloseCodes.unauthorized,
  CloseCodes.unknownSession,
  CloseCodes.replaced,
  CloseCodes.badMessage,
]);

export function toSocketUrl(url: string, base: string): string {
  const u = new URL(url, base);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  return u.toString();
}

/**
 * The default transport: binary Int16 frames up, JSON both ways. On an unexpected close it
 * reconnects with back-off and sends `hello {resumeToken, lastSeq}` so the server replays only
 * the events we missed; whatever was queued meanwhile (control messages and the audio of the
 * turn in progress) is flushed in order after the hello, so no turn is lost.
 */
export class WebSocketTransport implements CallTransport {
  readonly kind = 'WebSocket' as const;
  onMessage: (message: ServerMessage) => void = () => {};
  onAudio: (bytes: ArrayBuffer) => void = () => {};
  onStatus: (status: TransportStatus, detail?: string) => void = () => {};
  /** Highest event seq applied; sent in hello so the server resends only what follows. */
  lastSeq = 0;
  private socket: WebSocket | null = null;
  private queue: (string | ArrayBuffer)[] = [];
  private queuedFrames = 0;
  private attempts = 0;
  private closedByUs = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: WebSocketTransportOptions) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.open(resolve, reject);
    });
  }

  send(message: ClientMessage): void {
    this.enqueue(JSON.stringify(message));
  }

  sendAudio(frame: Int16Array): void {
    const ws = this.socket;
    if (ws && ws.readyState === WebSocket.OPEN && this.queue.length === 0) {
      ws.send(frame);
      return;
    }
    const limit = this.options.maxQueuedFrames ?? 1875; // 60 s
    if (this.queuedFrames >= limit) {
      const i = this.queue.findIndex((m) => typeof m !== 'string');
      if (i >= 0) {
        this.queue.splice(i, 1);
        this.queuedFrames--;
      }
    }
    this.queue.push(frame.slice().buffer);
    this.queuedFrames++;
  }

  close(): void {
    this.closedByUs = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(CloseCodes.normal, 'caller hung up');
    this.onStatus('closed');
  }

  private enqueue(text: string) {
    const ws = this.socket;
    if (ws && ws.readyState === WebSocket.OPEN && this.queue.length === 0) ws.send(text);
    else this.queue.push(text);
  }

  private flush(ws: WebSocket) {
    for (const m of this.queue) ws.send(m);
    this.queue = [];
    this.queuedFrames = 0;
  }

  private open(onFirstOpen?: () => void, onFirstFail?: (e: Error) => void) {
    const url = toSocketUrl(this.options.url, location.href);
    const ws = this.options.createSocket ? this.options.createSocket(url) : new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.attempts = 0;
      const hello: ClientMessage = { type: 'hello', resumeToken: this.options.resumeToken, lastSeq: this.lastSeq, vad: this.options.vad };
      ws.send(JSON.stringify(hello));
      this.flush(ws);
      this.onStatus('open');
      onFirstOpen?.();
      onFirstOpen = undefined;
      onFirstFail = undefined;
    };
    ws.onmessage = (e) => {
      if (e.data instanceof ArrayBuffer) {
        this.onAudio(e.data);
        return;
      }
      if (typeof e.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(e.data);
      } catch {
        return;
      }
      const parsed = ServerMessageSchema.safeParse(raw);
      if (!parsed.success) return; // an unknown message from a newer server is not fatal
      const msg = parsed.data;
      if (msg.type === 'event') {
        if (msg.seq <= this.lastSeq) return; // replayed after resume: already applied
        this.lastSeq = msg.seq;
      }
      this.onMessage(msg);
    };
    ws.onclose = (e) => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (this.closedByUs) return;
      if (FINAL_CLOSES.has(e.code)) {
        this.onStatus('closed', e.reason || `closed (${e.code})`);
        onFirstFail?.(new Error(`socket closed: ${e.code} ${e.reason}`));
        return;
      }
      if (!opened && onFirstFail && this.attempts >= 2) {
        onFirstFail(new Error('could not connect to the call server'));
        return;
      }
      const max = this.options.maxAttempts ?? 12;
      if (this.attempts >= max) {
        this.onStatus('closed', 'lost the connection to the call server');
        return;
      }
      const delay = backoffDelayMs(this.attempts++);
      this.onStatus('reconnecting', `reconnecting in ${Math.round(delay / 100) / 10} s`);
      this.timer = setTimeout(() => this.open(onFirstOpen, onFirstFail), delay);
    };
  }
}
