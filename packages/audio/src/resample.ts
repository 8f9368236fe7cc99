/**
 * Band-limited resampling by windowed-sinc interpolation (the method of Smith's
 * "Digital Audio Resampling", as in libsamplerate/speexdsp, with a Blackman window).
 * Used for 8 kHz telephone audio ⇄ 16 kHz models and for WAV files at other rates.
 * Whole buffers only: files and utterances, not sample-exact streaming.
 */
const HALF_TAPS = 16;

function blackman(x: number, half: number): number {
  const n = (x + half) / (2 * half);
  return 0.42 - 0.5 * Math.cos(2 * Math.PI * n) + 0.08 * Math.cos(4 * Math.PI * n);
}

export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`sample rates must be positive, got ${fromRate} → ${toRate}`);
  if (fromRate === toRate) return samples.slice();
  const ratio = toRate / fromRate;
  // Lowpass at the lower Nyquist so downsampling does not alias.
  const cutoff = Math.min(1, ratio);
  const outLength = Math.floor(samples.length * ratio);
  const out = new Float32Array(outLength);
  const half = HALF_TAPS / cutoff;
  for (let i = 0; i < outLength; i++) {
    const center = i / ratio;
    const lo = Math.max(0, Math.ceil(center - half));
    const hi = Math.min(samples.length - 1, Math.floor(center + half));
    let acc = 0;
    for (let j = lo; j <= hi; j++) {
      const x = center - j;
      const t = x * cutoff;
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      acc += (samples[j] as number) * sinc * cutoff * blackman(x, half);
    }
    out[i] = acc;
  }
  return out;
}

export const upsample8kTo16k = (samples: Float32Array): Float32Array => resample(samples, 8000, 16000);
export const downsample16kTo8k = (samples: Float32Array): Float32Array => resample(samples, 16000, 8000);
