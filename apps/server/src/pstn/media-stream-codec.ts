import { downsample16kTo8k, FRAME_SAMPLES, mulawDecode, mulawEncode, PHONE_FRAME_BYTES, upsample8kTo16k } from '@switchboard/audio';

/**
 * Phone audio ⇄ the 16 kHz pipeline. In: μ-law 8 kHz chunks → 16 kHz Int16 frames of
 * FRAME_SAMPLES for the UtteranceDetector. Out: a 16 kHz TTS prompt → μ-law 8 kHz in 20 ms
 * pieces for `media` messages.
 *
 * packages/audio's `resample` works on whole buffers; a stream arrives in 20 ms chunks, and
 * resampling each chunk alone would click at every boundary. For an exact 2× upsample its
 * windowed-sinc filter has two phases: even outputs are the input samples, odd outputs a
 * 32-tap FIR. The taps are read off `resample`'s own impulse response, so the stream matches
 * whole-buffer resampling sample for sample (media-stream-codec.test.ts), 16 samples (2 ms) late.
 */
const HALF = 16;
const TAPS = (() => {
  const impulse = new Float32Array(2 * HALF + 1);
  impulse[HALF] = 1;
  const response = upsample8kTo16k(impulse);
  // Output 2m+1 sits at input position m + 0.5; its weight for the impulse at HALF is tap m.
  return Float64Array.from({ length: 2 * HALF }, (_, m) => response[2 * m + 1] ?? 0);
})();

/** 8 kHz in, 16 kHz out, chunk by chunk, as `upsample8kTo16k` would on the whole stream. */
export class StreamingUpsampler {
  // Input history: HALF - 1 samples before the next output's centre, plus HALF of lookahead.
  #history: number[] = new Array(HALF - 1).fill(0);

  push(samples: Int16Array): Int16Array {
    const h = this.#history;
    for (const s of samples) h.push(s);
    const ready = h.length - (2 * HALF - 1);
    if (ready <= 0) return new Int16Array(0);
    const out = new Int16Array(ready * 2);
    for (let k = 0; k < ready; k++) {
      // Centre sample k sits at h[k + HALF - 1]; odd output between it and the next.
      out[2 * k] = h[k + HALF - 1] as number;
      let acc = 0;
      for (let m = 0; m < 2 * HALF; m++) acc += (h[k + 2 * HALF - 1 - m] as number) * (TAPS[m] as number);
      out[2 * k + 1] = Math.max(-32768, Math.min(32767, Math.round(acc)));
    }
    this.#history = h.slice(ready);
    return out;
  }
}

/** μ-law 8 kHz payloads in, whole 16 kHz FRAME_SAMPLES frames out. */
export class PhoneAudioIn {
  readonly #upsampler = new StreamingUpsampler();
  #frame = new Int16Array(FRAME_SAMPLES);
  #filled = 0;

  push(mulaw: Uint8Array, onFrame: (frame: Int16Array) => void): void {
    const wide = this.#upsampler.push(mulawDecode(mulaw));
    let i = 0;
    while (i < wide.length) {
      const n = Math.min(FRAME_SAMPLES - this.#filled, wide.length - i);
      this.#frame.set(wide.subarray(i, i + n), this.#filled);
      this.#filled += n;
      i += n;
      if (this.#filled === FRAME_SAMPLES) {
        onFrame(this.#frame);
        this.#frame = new Int16Array(FRAME_SAMPLES);
        this.#filled = 0;
      }
    }
  }
}

/** 20 ms of 8 kHz μ-law: what Twilio itself sends, and even pieces avoid jitter (§1.3). */

/**
 * The 2× decimation filter of `downsample16kTo8k`: every output sits on an input sample, so its
 * 65 weights are fixed. Read off two impulse responses (even and odd offsets), as above. Applying
 * them directly is ~10× faster than `resample`'s per-tap sin/cos, which held the event loop
 * ~270 ms for a 9 s announcement.
 */
const DOWN_HALF = 32;
const DOWN_TAPS = (() => {
  const w = new Float64Array(2 * DOWN_HALF + 1);
  for (const at of [2 * DOWN_HALF, 2 * DOWN_HALF + 1]) {
    const impulse = new Float32Array(4 * DOWN_HALF + 2);
    impulse[at] = 1;
    downsample16kTo8k(impulse).forEach((v, i) => {
      const d = 2 * i - at; // output i is centred on input 2i; the impulse is d samples before it
      if (d >= -DOWN_HALF && d <= DOWN_HALF) w[d + DOWN_HALF] = v;
    });
  }
  return w;
})();

/** 16 kHz → 8 kHz, equal to `downsample16kTo8k` on the whole buffer (edges zero-padded alike). */
export function downsampleToPhone(pcm16k: Int16Array): Int16Array {
  const out = new Int16Array(Math.floor(pcm16k.length / 2));
  for (let i = 0; i < out.length; i++) {
    const centre = 2 * i;
    const lo = Math.max(-DOWN_HALF, centre - (pcm16k.length - 1));
    const hi = Math.min(DOWN_HALF, centre);
    let acc = 0;
    for (let d = lo; d <= hi; d++) acc += (pcm16k[centre - d] as number) * (DOWN_TAPS[d + DOWN_HALF] as number);
    out[i] = Math.max(-32768, Math.min(32767, Math.round(acc)));
  }
  return out;
}

/** A 16 kHz Int16 prompt as 8 kHz μ-law (no header: Twilio plays raw payloads). */
export function toPhoneAudio(pcm16k: Int16Array): Uint8Array {
  return mulawEncode(downsampleToPhone(pcm16k));
}

export function* phoneChunks(mulaw: Uint8Array, size = PHONE_FRAME_BYTES): Generator<Uint8Array> {
  for (let i = 0; i < mulaw.length; i += size) yield mulaw.subarray(i, i + size);
}
