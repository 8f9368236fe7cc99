/**
 * A fixed-size ring of timing samples (ms) with percentiles. Fixed size so a long call costs
 * constant memory; percentiles are computed on demand (tests, debug panel), not per frame.
 */
export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export class SampleWindow {
  private readonly values: Float64Array;
  private next = 0;
  private size = 0;
  total = 0;

  constructor(readonly capacity = 8192) {
    this.values = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.values[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    this.total++;
  }

  clear(): void {
    this.next = 0;
    this.size = 0;
    this.total = 0;
  }

  /** Nearest-rank percentiles over the samples currently held. */
  percentiles(): Percentiles {
    if (this.size === 0) return { count: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
    const sorted = Array.from(this.values.subarray(0, this.size)).sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
    return { count: this.size, p50: at(50), p99: at(99), max: sorted[sorted.length - 1]! };
  }
}
