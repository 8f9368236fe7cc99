/**
 * Turns per-frame speech probabilities into utterances, after ricky0123/vad
 * `frame-processor.ts` (hysteresis between two thresholds, a redemption period before
 * speech ends, pre-speech padding, a minimum length below which it was a misfire).
 * Unlike vad-web, bad options are rejected with a message rather than logged and used.
 */
import { FRAME_MS } from './frames.js';

export interface SegmenterOptions {
  /** Probability at or above which a frame is speech. */
  positiveSpeechThreshold: number;
  /** Probability below which a frame counts towards the end of speech. */
  negativeSpeechThreshold: number;
  /** Non-speech this long ends an utterance (vad-web's 1400 reports the end ~1.5 s late: shared/FACTS.md). */
  redemptionMs: number;
  /** Audio kept from before the first speech frame, so the first syllable is not clipped. */
  preSpeechPadMs: number;
  /** Shorter bursts are misfires (coughs, clicks), not utterances. */
  minSpeechMs: number;
  frameMs: number;
}

export const defaultSegmenterOptions: SegmenterOptions = {
  positiveSpeechThreshold: 0.5,
  negativeSpeechThreshold: 0.35,
  redemptionMs: 480,
  preSpeechPadMs: 320,
  minSpeechMs: 160,
  frameMs: FRAME_MS,
};

export type SegmentEvent =
  | { type: 'speech.start' }
  | { type: 'speech.end'; audio: Int16Array; speechMs: number }
  | { type: 'misfire' };

export function validateSegmenterOptions(options: Partial<SegmenterOptions>): SegmenterOptions {
  const o = { ...defaultSegmenterOptions, ...options };
  const problems: string[] = [];
  for (const [k, v] of Object.entries(o)) if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${k} must be a finite number, got ${String(v)}`);
  if (!(o.positiveSpeechThreshold > 0 && o.positiveSpeechThreshold <= 1)) problems.push(`positiveSpeechThreshold must be in (0, 1], got ${o.positiveSpeechThreshold}`);
  if (!(o.negativeSpeechThreshold >= 0 && o.negativeSpeechThreshold <= o.positiveSpeechThreshold)) problems.push(`negativeSpeechThreshold must be in [0, positiveSpeechThreshold], got ${o.negativeSpeechThreshold}`);
  for (const k of ['redemptionMs', 'preSpeechPadMs', 'minSpeechMs'] as const) if (!(o[k] >= 0)) problems.push(`${k} must be ≥ 0, got ${o[k]}`);
  if (!(o.frameMs > 0)) problems.push(`frameMs must be > 0, got ${o.frameMs}`);
  const known = new Set(Object.keys(defaultSegmenterOptions));
  for (const k of Object.keys(options)) if (!known.has(k)) problems.push(`unknown option "${k}"`);
  if (problems.length) throw new TypeError(`speech segmenter: ${problems.join('; ')}`);
  return o;
}

export class SpeechSegmenter {
  readonly options: SegmenterOptions;
  readonly #redemptionFrames: number;
  readonly #padFrames: number;
  readonly #minSpeechFrames: number;
  #speaking = false;
  #speechFrames = 0;
  #quietFrames = 0;
  #buffer: Int16Array[] = [];

  constructor(options: Partial<SegmenterOptions> = {}) {
    this.options = validateSegmenterOptions(options);
    const { frameMs } = this.options;
    this.#redemptionFrames = Math.max(1, Math.ceil(this.options.redemptionMs / frameMs));
    this.#padFrames = Math.floor(this.options.preSpeechPadMs / frameMs);
    this.#minSpeechFrames = Math.ceil(this.options.minSpeechMs / frameMs);
  }

  get speaking(): boolean {
    return this.#speaking;
  }

  /** Feeds one frame and its speech probability; returns what happened, if anything. */
  push(probability: number, frame: Int16Array): SegmentEvent | undefined {
    const { positiveSpeechThreshold: pos, negativeSpeechThreshold: neg } = this.options;
    this.#buffer.push(frame);
    if (!this.#speaking) {
      if (probability >= pos) {
        this.#speaking = true;
        this.#speechFrames = 1;
        this.#quietFrames = 0;
        return { type: 'speech.start' };
      }
      if (this.#buffer.length > this.#padFrames) this.#buffer.splice(0, this.#buffer.length - this.#padFrames);
      return undefined;
    }
    if (probability >= pos) {
      this.#speechFrames++;
      this.#quietFrames = 0;
    } else if (probability < neg && ++this.#quietFrames >= this.#redemptionFrames) {
      return this.#end();
    }
    return undefined;
  }

  /** Ends an utterance in progress (hang-up, end of file). */
  flush(): SegmentEvent | undefined {
    return this.#speaking ? this.#end() : undefined;
  }

  reset(): void {
    this.#speaking = false;
    this.#speechFrames = 0;
    this.#quietFrames = 0;
    this.#buffer = [];
  }

  #end(): SegmentEvent {
    const frames = this.#buffer;
    const speechFrames = this.#speechFrames;
    this.reset();
    if (speechFrames < this.#minSpeechFrames) return { type: 'misfire' };
    const audio = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      audio.set(f, at);
      at += f.length;
    }
    return { type: 'speech.end', audio, speechMs: speechFrames * this.options.frameMs };
  }
}
