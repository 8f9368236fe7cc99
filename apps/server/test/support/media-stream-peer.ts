import { mulawEncode, PHONE_FRAME_BYTES, PHONE_SAMPLE_RATE } from '@switchboard/audio';
import WebSocket from 'ws';
import { phoneChunks } from '../../src/pstn/media-stream-codec.js';

/** One message we received from the server, as Twilio would see it. */
export type ServerStreamMessage =
  | { event: 'media'; streamSid: string; media: { payload: string } }
  | { event: 'mark'; streamSid: string; mark: { name: string } }
  | { event: 'clear'; streamSid: string };

/**
 * The carrier's side of a bidirectional media stream, for tests and benches: speaks Twilio's
 * documented frames (pstn-contracts.md §1.2/§1.3) over a real `ws` socket. It "plays" what the
 * server sends on a real-time timeline (8 bytes of μ-law a millisecond, `speed` times faster),
 * echoes each mark when the audio queued before it has played — at once if nothing is queued —
 * and on `clear` drops the queue and echoes every pending mark, as Twilio does.
 */
export class MediaStreamPeer {
  readonly ws: WebSocket;
  readonly received: ServerStreamMessage[] = [];
  readonly echoed: string[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly streamSid: string;
  readonly callSid: string;
  #seq = 0;
  #chunk = 0;
  #playsUntil = 0;
  #marks = new Map<string, NodeJS.Timeout>();
  #waiters: (() => void)[] = [];

  constructor(url: string, options: { callSid: string; streamSid?: string; speed?: number }) {
    this.callSid = options.callSid;
    this.streamSid = options.streamSid ?? `MZ${options.callSid.slice(2).padEnd(32, '0')}`;
    const speed = options.speed ?? 1;
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerStreamMessage;
      this.received.push(message);
      const now = Date.now();
      if (message.event === 'media') {
        const ms = Buffer.from(message.media.payload, 'base64').length / 8 / speed;
        this.#playsUntil = Math.max(now, this.#playsUntil) + ms;
      } else if (message.event === 'mark') {
        const name = message.mark.name;
        this.#marks.set(
          name,
          setTimeout(() => this.#echo(name), Math.max(0, this.#playsUntil - now)),
        );
      } else if (message.event === 'clear') {
        this.#playsUntil = now;
        for (const [name, timer] of this.#marks) {
          clearTimeout(timer);
          this.#echo(name);
        }
      }
      this.#wake();
    });
  }

  send(message: object | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** `connected` then `start`, with the <Parameter>s from the TwiML. */
  start(customParameters: Record<string, string>): void {
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.send({
      event: 'start',
      sequenceNumber: String(++this.#seq),
      streamSid: this.streamSid,
      start: {
        streamSid: this.streamSid,
        accountSid: 'AC00000000000000000000000000000000',
        callSid: this.callSid,
        tracks: ['inbound'],
        customParameters,
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: PHONE_SAMPLE_RATE, channels: 1 },
      },
    });
  }

  /** The caller speaks: 8 kHz samples as 20 ms μ-law `media` frames, paced like a phone line. */
  async speak(samples8k: Int16Array, paceMs = 20): Promise<void> {
    for (const chunk of phoneChunks(mulawEncode(samples8k), PHONE_FRAME_BYTES)) {
      if (this.ws.readyState !== WebSocket.OPEN) return;
      const n = ++this.#chunk;
      this.send({
        event: 'media',
        sequenceNumber: String(++this.#seq),
        streamSid: this.streamSid,
        media: { track: 'inbound', chunk: String(n), timestamp: String(n * 20), payload: Buffer.from(chunk).toString('base64') },
      });
      await new Promise((r) => setTimeout(r, paceMs));
    }
  }

  dtmf(digit: string): void {
    this.send({ event: 'dtmf', streamSid: this.streamSid, sequenceNumber: String(++this.#seq), dtmf: { track: 'inbound_track', digit } });
  }

  stop(): void {
    this.send({
      event: 'stop',
      sequenceNumber: String(++this.#seq),
      streamSid: this.streamSid,
      stop: { accountSid: 'AC0', callSid: this.callSid },
    });
  }

  /** μ-law bytes the server sent before the mark whose name starts with `markPrefix` (after the previous mark). */
  audioBefore(markPrefix: string): Uint8Array {
    const parts: Buffer[] = [];
    for (const m of this.received) {
      if (m.event === 'media') parts.push(Buffer.from(m.media.payload, 'base64'));
      else if (m.event === 'mark') {
        if (m.mark.name.startsWith(markPrefix)) return new Uint8Array(Buffer.concat(parts));
        parts.length = 0;
      }
    }
    throw new Error(`no mark ${markPrefix}`);
  }

  async waitFor(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out waiting for ${what}; received ${this.received
            .map((m) => (m.event === 'mark' ? `mark:${m.mark.name}` : m.event))
            .filter((e, i, a) => e !== 'media' || a[i - 1] !== 'media')
            .join(' ')}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    for (const timer of this.#marks.values()) clearTimeout(timer);
    this.ws.close();
  }

  #echo(name: string): void {
    this.#marks.delete(name);
    this.echoed.push(name);
    if (this.ws.readyState === WebSocket.OPEN)
      this.send({ event: 'mark', sequenceNumber: String(++this.#seq), streamSid: this.streamSid, mark: { name } });
    this.#wake();
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}
