import type { ClientMessage, ServerMessage } from '@switchboard/protocol';

export type TransportStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What the call controller needs from a transport; WebSocket and LiveKit both provide it. */
export interface CallTransport {
  readonly kind: 'WebSocket' | 'LiveKit';
  connect(): Promise<void>;
  /** Control messages carry ids; they are queued while disconnected and sent after resume. */
  send(message: ClientMessage): void;
  /** One 512-sample Int16 LE frame. Ignored by transports that carry audio as a media track. */
  sendAudio(frame: Int16Array): void;
  close(): void;
  onMessage: (message: ServerMessage) => void;
  /** Prompt audio from the server (Int16 LE 16 kHz), where the transport carries it as frames. */
  onAudio: (bytes: ArrayBuffer) => void;
  onStatus: (status: TransportStatus, detail?: string) => void;
}

let counter = 0;
/** Message ids: unique per page, so a message resent after a reconnect is recognised. */
export function messageId(): string {
  counter++;
  const rand = globalThis.crypto?.randomUUID?.() ?? `${Math.random()}`.slice(2);
  return `${rand.slice(0, 8)}-${counter}`;
}
