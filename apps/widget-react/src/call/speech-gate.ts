import type { ClientMessage } from '@switchboard/protocol';
import { MIN_SPEECH_MS, PRE_SPEECH_PAD_MS } from '../audio/vad-settings';
import { messageId } from './transport';

const FRAME_MS = 32;
/** Frames kept before a confirmed start: the padding plus the frames vad-web needed to confirm it. */
export const PRE_ROLL_FRAMES = Math.ceil((PRE_SPEECH_PAD_MS + MIN_SPEECH_MS) / FRAME_MS) + 1;

/**
 * Browser-VAD turn-taking on the wire: `speech.start`, the speech frames (with pre-roll so the
 * first syllable is not clipped), `speech.end`. Between turns nothing is sent, so silence
 * produces no speech events and no audio. VAD callbacks only flip flags; frames go out in
 * order from afterVad(), once the VAD has seen the current frame.
 */
export class SpeechGate {
  speaking = false;
  private preRoll: Int16Array[] = [];
  private startPending = false;
  private endPending = false;

  constructor(
    private readonly sendControl: (m: ClientMessage) => void,
    private readonly sendFrame: (f: Int16Array) => void,
  ) {}

  speechStarted() {
    this.startPending = true;
  }
  speechEnded() {
    this.endPending = true;
  }

  /** Call before the VAD sees the frame. */
  pushFrame(frame: Int16Array) {
    if (this.speaking) return;
    this.preRoll.push(frame);
    if (this.preRoll.length > PRE_ROLL_FRAMES) this.preRoll.shift();
  }

  /** Call after the VAD processed the frame. */
  afterVad(frame: Int16Array) {
    if (this.startPending && !this.speaking) {
      this.startPending = false;
      this.speaking = true;
      this.sendControl({ type: 'speech.start', id: messageId() });
      for (const f of this.preRoll) this.sendFrame(f); // includes the current frame
      this.preRoll = [];
    } else if (this.speaking) {
      this.sendFrame(frame);
    }
    if (this.endPending) {
      this.endPending = false;
      if (this.speaking) {
        this.speaking = false;
        this.sendControl({ type: 'speech.end', id: messageId() });
      }
    }
  }
}
