import { type ClientMessage, type ServerMessage, ServerMessageSchema } from '@switchboard/protocol';
import { Room, RoomEvent, Track } from 'livekit-client';
import type { CallTransport, TransportStatus } from './transport';

/** Data-channel topic the Switchboard LiveKit bridge (apps/server) listens on. */
export const LIVEKIT_TOPIC = 'switchboard';

/**
 * LiveKit room transport, used when POST /api/sessions returns {kind: "livekit"}. Audio goes as
 * a published microphone track (WebRTC, Opus), not as PCM frames; control messages and call
 * events travel on the room's reliable data channel as the same JSON as the WebSocket.
 * livekit-client reconnects and resumes the room by itself (RoomEvent.Reconnecting/Reconnected).
 */
export class LiveKitTransport implements CallTransport {
  readonly kind = 'LiveKit' as const;
  onMessage: (message: ServerMessage) => void = () => {};
  /** Unused: in a room the IVR's voice is a subscribed audio track, attached below. */
  onAudio: (bytes: ArrayBuffer) => void = () => {};
  onStatus: (status: TransportStatus, detail?: string) => void = () => {};
  private readonly room = new Room({ adaptiveStream: false, dynacast: false });
  private readonly encoder = new TextEncoder();
  private lastSeq = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly resumeToken: string,
    private readonly vad: 'browser' | 'server',
    private readonly micTrack: MediaStreamTrack | null,
  ) {}

  async connect(): Promise<void> {
    this.room
      .on(RoomEvent.DataReceived, (payload, _participant, _kind, topic) => {
        if (topic !== LIVEKIT_TOPIC) return;
        const parsed = ServerMessageSchema.safeParse(safeJson(new TextDecoder().decode(payload)));
        if (!parsed.success) return;
        const msg = parsed.data;
        if (msg.type === 'event') {
          if (msg.seq <= this.lastSeq) return;
          this.lastSeq = msg.seq;
        }
        this.onMessage(msg);
      })
      .on(RoomEvent.TrackSubscribed, (track) => {
        if (track.kind === Track.Kind.Audio) document.body.appendChild(track.attach());
      })
      .on(RoomEvent.Reconnecting, () => this.onStatus('reconnecting', 'reconnecting to the room'))
      .on(RoomEvent.Reconnected, () => {
        this.onStatus('open');
        this.hello();
      })
      .on(RoomEvent.Disconnected, () => this.onStatus('closed'));
    this.onStatus('connecting');
    await this.room.connect(this.url, this.token, { autoSubscribe: true });
    if (this.micTrack) await this.room.localParticipant.publishTrack(this.micTrack, { source: Track.Source.Microphone });
    this.hello();
    this.onStatus('open');
  }

  send(message: ClientMessage): void {
    void this.room.localParticipant.publishData(this.encoder.encode(JSON.stringify(message)), { reliable: true, topic: LIVEKIT_TOPIC });
  }

  /** Audio travels as the published track. */
  sendAudio(_frame: Int16Array): void {}

  close(): void {
    void this.room.disconnect();
  }

  private hello() {
    this.send({ type: 'hello', resumeToken: this.resumeToken, lastSeq: this.lastSeq, vad: this.vad });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
