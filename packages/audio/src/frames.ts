/**
 * The wire frame (shared/DESIGN.md, "Web audio"): Int16 LE, 16 kHz mono, 512 samples = 32 ms.
 * Constants are re-declared here, not imported from protocol, so the browser worklet can use
 * this package without zod.
 */
import { int16FromBytesLE } from './pcm.js';

export const SAMPLE_RATE = 16_000;
export const FRAME_SAMPLES = 512;
export const FRAME_BYTES = FRAME_SAMPLES * 2;
export const FRAME_MS = (FRAME_SAMPLES / SAMPLE_RATE) * 1000;

/**
 * The phone's audio (carrier media streams, reference/pstn-contracts.md): μ-law at 8 kHz, one
 * byte a sample, sent in 20 ms frames of 160 bytes. Every frame size in the product is defined
 * here and imported, never typed again as a number.
 */
export const PHONE_SAMPLE_RATE = 8_000;
export const PHONE_FRAME_MS = 20;
export const PHONE_FRAME_BYTES = (PHONE_SAMPLE_RATE * PHONE_FRAME_MS) / 1000;

export type FrameCheck = { ok: true; samples: Int16Array } | { ok: false; reason: 'too-big' | 'malformed'; message: string };

/** Validates one binary message from a client: exactly one frame, nothing else. */
export function parseFrame(bytes: Uint8Array): FrameCheck {
  if (bytes.byteLength > FRAME_BYTES) return { ok: false, reason: 'too-big', message: `audio frame of ${bytes.byteLength} bytes; a frame is ${FRAME_BYTES} bytes (512 Int16 LE samples)` };
  if (bytes.byteLength !== FRAME_BYTES) return { ok: false, reason: 'malformed', message: `audio frame of ${bytes.byteLength} bytes; a frame is exactly ${FRAME_BYTES} bytes (512 Int16 LE samples)` };
  return { ok: true, samples: int16FromBytesLE(bytes) };
}

/** Cuts any run of samples into whole frames, keeping the remainder for the next push. */
export class Framer {
  readonly #size: number;
  #pending: Int16Array;
  #filled = 0;

  constructor(frameSamples = FRAME_SAMPLES) {
    if (!Number.isInteger(frameSamples) || frameSamples <= 0) throw new RangeError(`frameSamples must be a positive integer, got ${frameSamples}`);
    this.#size = frameSamples;
    this.#pending = new Int16Array(frameSamples);
  }

  push(samples: Int16Array): Int16Array[] {
    const frames: Int16Array[] = [];
    let at = 0;
    while (at < samples.length) {
      const take = Math.min(this.#size - this.#filled, samples.length - at);
      this.#pending.set(samples.subarray(at, at + take), this.#filled);
      this.#filled += take;
      at += take;
      if (this.#filled === this.#size) {
        frames.push(this.#pending);
        this.#pending = new Int16Array(this.#size);
        this.#filled = 0;
      }
    }
    return frames;
  }

  /** The last partial frame padded with silence, or nothing. */
  flush(): Int16Array | undefined {
    if (this.#filled === 0) return undefined;
    const frame = this.#pending;
    this.#pending = new Int16Array(this.#size);
    this.#filled = 0;
    return frame;
  }
}

/** Splits a whole recording into frames (the last one padded with silence). */
export function toFrames(samples: Int16Array, frameSamples = FRAME_SAMPLES): Int16Array[] {
  const framer = new Framer(frameSamples);
  const frames = framer.push(samples);
  const last = framer.flush();
  if (last) frames.push(last);
  return frames;
}
