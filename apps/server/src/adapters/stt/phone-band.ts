/**
 * Phone-band audio for a wide-band recogniser. Phone calls carry 300–3400 Hz; resampled to
 * 16 kHz they have nothing above 4 kHz, where pocketsphinx's en-us model (trained on 16 kHz
 * speech, filter bank up to 6.8 kHz) expects at least some energy, and it decodes next to
 * nothing (WER 0.97, docs/understanding.md). Debian ships no 8 kHz model. Filling the empty
 * band with quiet high-passed noise — what a wide-band microphone's own hiss would put there —
 * brings the features closer to what the model was trained on (measured there).
 */

const TAPS = 63;
const SAMPLE_RATE = 16_000;
const CUTOFF_HZ = 4_200;

/** A windowed-sinc high-pass at CUTOFF_HZ (spectral inversion of the low-pass). */
const HIGH_PASS: Float64Array = (() => {
  const h = new Float64Array(TAPS);
  const fc = CUTOFF_HZ / SAMPLE_RATE;
  const mid = (TAPS - 1) / 2;
  let sum = 0;
  for (let i = 0; i < TAPS; i++) {
    const x = i - mid;
    const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
    const blackman = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (TAPS - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (TAPS - 1));
    h[i] = sinc * blackman;
    sum += h[i] as number;
  }
  for (let i = 0; i < TAPS; i++) h[i] = -(h[i] as number) / sum;
  h[mid] = (h[mid] as number) + 1;
  return h;
})();

function highPass(samples: ArrayLike<number>): Float64Array {
  const out = new Float64Array(samples.length);
  for (let n = 0; n < samples.length; n++) {
    let acc = 0;
    for (let k = 0; k < TAPS; k++) {
      const i = n - k;
      if (i >= 0) acc += (HIGH_PASS[k] as number) * (samples[i] as number);
    }
    out[n] = acc;
  }
  return out;
}

/** Share of the signal's energy above ~4 kHz (0 for silence). */
export function highBandShare(audio: Int16Array): number {
  let total = 0;
  for (const s of audio) total += s * s;
  if (total === 0) return 0;
  let high = 0;
  for (const s of highPass(audio)) high += s * s;
  return high / total;
}

export interface PhoneBandOptions {
  /** Below this share of energy above 4 kHz the audio counts as phone band (measured: phone audio ~1e-6, espeak-ng wide-band speech 0.0014–0.02). */
  maxHighBandShare?: number;
  /** Peak amplitude of the added noise before filtering, as a fraction of full scale. */
  noiseLevel?: number;
  /** Seed of the noise (deterministic: packages and tests have no randomness of their own). */
  seed?: number;
}

/** The audio unchanged when it has a high band; phone-band audio with quiet noise above 4 kHz added. */
export function fillPhoneBand(audio: Int16Array, opts: PhoneBandOptions = {}): Int16Array {
  if (audio.length === 0 || highBandShare(audio) >= (opts.maxHighBandShare ?? 0.0001)) return audio;
  const level = (opts.noiseLevel ?? 0.02) * 32767;
  let state = (opts.seed ?? 0x5eed) >>> 0;
  const noise = new Float64Array(audio.length);
  for (let i = 0; i < noise.length; i++) {
    // mulberry32: a small seeded generator
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    noise[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * level;
  }
  const band = highPass(noise);
  const out = new Int16Array(audio.length);
  for (let i = 0; i < audio.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round((audio[i] as number) + (band[i] as number))));
  return out;
}
