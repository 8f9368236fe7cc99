import { FRAME_SAMPLES, int16ToFloat32, SAMPLE_RATE, type SegmenterOptions, type SileroStream, SpeechSegmenter } from '@switchboard/audio';
import type { BatchedVad } from '../adapters/vad/batched-vad.js';

export type VadMode = 'browser' | 'server';

export interface UtteranceHandlers {
  onSpeechStart(): void;
  /** One finished utterance, 16 kHz Int16; `id` is stable across a resend (browser ids) so it is processed once. */
  onUtterance(audio: Int16Array, id: string): void;
  onError?(error: unknown): void;
}

/** Longest utterance kept in browser mode: a stuck speech.start must not grow memory without end. */
const MAX_UTTERANCE_FRAMES = Math.ceil((30 * SAMPLE_RATE) / FRAME_SAMPLES);

/**
 * Turns a call's incoming frames into utterances. Server mode: Silero v5 (batched across calls)
 * scores every frame and a SpeechSegmenter finds start and end. Browser mode: the page ran the
 * VAD already; its speech.start/speech.end bracket the frames it sends.
 */
export class UtteranceDetector {
  readonly mode: VadMode;
  readonly #handlers: UtteranceHandlers;
  readonly #vad: BatchedVad | undefined;
  readonly #segmenter: SpeechSegmenter;
  readonly #stream: SileroStream | undefined;
  #pending = 0;
  #browserFrames: Int16Array[] | null = null;
  #browserId = '';

  constructor(mode: VadMode, handlers: UtteranceHandlers, options: { vad?: BatchedVad; segmenter?: Partial<SegmenterOptions> } = {}) {
    if (mode === 'server' && !options.vad) throw new Error('server VAD mode needs the Silero model loaded');
    this.mode = mode;
    this.#handlers = handlers;
    this.#vad = options.vad;
    this.#segmenter = new SpeechSegmenter(options.segmenter);
    this.#stream = options.vad?.newStream();
  }

  /** Frames waiting for the model: a client that sends faster than real time piles these up. */
  get pendingFrames(): number {
    return this.#pending;
  }

  pushFrame(frame: Int16Array): void {
    if (this.mode === 'browser') {
      if (this.#browserFrames && this.#browserFrames.length < MAX_UTTERANCE_FRAMES) this.#browserFrames.push(frame);
      return;
    }
    const vad = this.#vad as BatchedVad;
    this.#pending++;
    // Results of one stream resolve in submission order (BatchedVad takes one frame per stream per run).
    vad.score(this.#stream as SileroStream, int16ToFloat32(frame)).then(
      (p) => {
        this.#pending--;
        const event = this.#segmenter.push(p, frame);
        if (event?.type === 'speech.start') this.#handlers.onSpeechStart();
        else if (event?.type === 'speech.end') // Random, not a counter: a counter restarts with the process and would collide with ids in the durable log.
        this.#handlers.onUtterance(event.audio, `vad:${globalThis.crypto.randomUUID()}`);
      },
      (error: unknown) => {
        this.#pending--;
        this.#handlers.onError?.(error);
      },
    );
  }

  /** The call hung up or its socket went: frames still queued for the model are dropped. */
  close(): void {
    if (this.#stream) this.#vad?.release(this.#stream);
    this.#browserFrames = null;
  }

  browserSpeechStart(id: string): void {
    if (this.mode !== 'browser') return;
    this.#browserFrames = [];
    this.#browserId = id;
    this.#handlers.onSpeechStart();
  }

  browserSpeechEnd(id: string): void {
    if (this.mode !== 'browser' || !this.#browserFrames) return;
    const frames = this.#browserFrames;
    this.#browserFrames = null;
    const audio = new Int16Array(frames.length * FRAME_SAMPLES);
    frames.forEach((f, i) => audio.set(f, i * FRAME_SAMPLES));
    this.#handlers.onUtterance(audio, `speech:${this.#browserId || id}`);
  }
}
