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
  const table = Number.isInteger(fromRate) && Number.isInteger(toRate) ? phaseTable(fromRate, toRate) : undefined;
  return table ? resampleByTable(samples, fromRate, toRate, table) : resampleDirect(samples, fromRate, toRate);
}

/** The windowed-sinc weight of input sample j for an output centred at `center`. */
function tap(center: number, j: number, cutoff: number, half: number): number {
  const x = center - j;
  const t = x * cutoff;
  const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
  return sinc * cutoff * blackman(x, half);
}

/** The plain form, one sin and two cos per tap: for rates that are not whole numbers, and as the reference the table form is tested against. */
export function resampleDirect(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
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
    for (let j = lo; j <= hi; j++) acc += (samples[j] as number) * tap(center, j, cutoff, half);
    out[i] = acc;
  }
  return out;
}

/**
 * Rational rates repeat: with L = toRate/g and M = fromRate/g (g their gcd), output i sits at
 * input position i·M/L, whose fractional part takes only L values. The weights of each phase are
 * computed once (polyphase filtering, as libsamplerate and speexdsp do) instead of a sin and two
 * cos per tap per sample — the same sums, ~10× faster, so a 9 s prompt no longer holds the event
 * loop for ~180 ms.
 */
interface PhaseTable {
  /** Output samples per cycle (L) and input samples per cycle (M). */
  up: number;
  down: number;
  /** Offset of each phase's first tap from floor(center), and its weights. */
  first: Int32Array;
  weights: Float32Array[];
}

const MAX_PHASES = 4096;
const tables = new Map<string, PhaseTable | undefined>();

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function phaseTable(fromRate: number, toRate: number): PhaseTable | undefined {
  const key = `${fromRate}:${toRate}`;
  if (tables.has(key)) return tables.get(key);
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  let table: PhaseTable | undefined;
  if (up <= MAX_PHASES) {
    const cutoff = Math.min(1, toRate / fromRate);
    const half = HALF_TAPS / cutoff;
    const first = new Int32Array(up);
    const weights: Float32Array[] = [];
    for (let p = 0; p < up; p++) {
      // Output i with i·M mod L = p sits at base + p/L for an integer base.
      const frac = p / up;
      const lo = Math.ceil(frac - half);
      const hi = Math.floor(frac + half);
      first[p] = lo;
      weights.push(Float32Array.from({ length: hi - lo + 1 }, (_, k) => tap(frac, lo + k, cutoff, half)));
    }
    table = { up, down, first, weights };
  }
  tables.set(key, table);
  return table;
}

function resampleByTable(samples: Float32Array, fromRate: number, toRate: number, table: PhaseTable): Float32Array {
  const outLength = Math.floor(samples.length * (toRate / fromRate));
  const out = new Float32Array(outLength);
  const last = samples.length - 1;
  for (let i = 0; i < outLength; i++) {
    const pos = i * table.down;
    const base = Math.floor(pos / table.up);
    const p = pos - base * table.up;
    const w = table.weights[p] as Float32Array;
    const start = base + (table.first[p] as number);
    let acc = 0;
    if (start >= 0 && start + w.length - 1 <= last) {
      for (let k = 0; k < w.length; k++) acc += (samples[start + k] as number) * (w[k] as number);
    } else {
      // Edges: taps beyond the buffer count as silence, as in the direct form.
      for (let k = 0; k < w.length; k++) {
        const j = start + k;
        if (j >= 0 && j <= last) acc += (samples[j] as number) * (w[k] as number);
      }
    }
    out[i] = acc;
  }
  return out;
}

export const upsample8kTo16k = (samples: Float32Array): Float32Array => resample(samples, 8000, 16000);
export const downsample16kTo8k = (samples: Float32Array): Float32Array => resample(samples, 16000, 8000);
