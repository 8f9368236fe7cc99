import type { FeatureVector } from './text-features.js';

export interface TrainingSample {
  features: FeatureVector;
  label: number;
  /** Sample weight (description phrases count less than examples). */
  weight: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty: keeps the weights small so probabilities stay honest on little data. */
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 60, learningRate: 0.5, l2: 1e-3, seed: 7 };

/**
 * Multinomial logistic regression over sparse features, trained with seeded SGD (so the same
 * flow always gives the same model). Looked at: nlp.js's neural classifier and natural's
 * LogisticRegressionClassifier (binary one-vs-rest, sigmoid scores that don't sum to 1).
 */
export class SoftmaxRegression {
  private readonly index = new Map<string, number>();
  private weights = new Float64Array(0);
  private readonly bias: Float64Array;

  constructor(readonly classCount: number) {
    this.bias = new Float64Array(classCount);
  }

  train(samples: readonly TrainingSample[], opts: TrainOptions = DEFAULT_TRAIN_OPTIONS): void {
    for (const s of samples) for (const key of s.features.keys()) if (!this.index.has(key)) this.index.set(key, this.index.size);
    const K = this.classCount;
    this.weights = new Float64Array(this.index.size * K);
    // Sparse rows as typed arrays once, so the epochs do no Map lookups.
    const rows = samples.map((s) => ({
      cols: Int32Array.from(s.features.keys(), (key) => (this.index.get(key) ?? 0) * K),
      vals: Float64Array.from(s.features.values()),
      label: s.label,
      weight: s.weight,
    }));
    const order = rows.map((_, i) => i);
    const random = mulberry32(opts.seed);
    const probs = new Float64Array(K);
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffle(order, random);
      const lr = opts.learningRate / (1 + epoch * 0.05);
      for (const i of order) {
        const row = rows[i];
        if (!row) continue;
        for (let k = 0; k < K; k++) probs[k] = this.bias[k] ?? 0;
        for (let f = 0; f < row.cols.length; f++) {
          const base = row.cols[f] ?? 0;
          const v = row.vals[f] ?? 0;
          for (let k = 0; k < K; k++) probs[k] = (probs[k] ?? 0) + (this.weights[base + k] ?? 0) * v;
        }
        softmaxInPlace(probs);
        for (let k = 0; k < K; k++) {
          const g = ((probs[k] ?? 0) - (k === row.label ? 1 : 0)) * row.weight;
          this.bias[k] = (this.bias[k] ?? 0) - lr * g;
          for (let f = 0; f < row.cols.length; f++) {
            const j = (row.cols[f] ?? 0) + k;
            const w = this.weights[j] ?? 0;
            this.weights[j] = w - lr * (g * (row.vals[f] ?? 0) + opts.l2 * w);
          }
        }
      }
    }
  }

  /** Class probabilities; `temperature` > 1 flattens them. */
  predict(features: FeatureVector, temperature = 1): Float64Array {
    const out = new Float64Array(this.classCount);
    this.scoresInto(features, out);
    for (let k = 0; k < out.length; k++) out[k] = (out[k] ?? 0) / temperature;
    softmaxInPlace(out);
    return out;
  }

  private scoresInto(features: FeatureVector, out: Float64Array): void {
    const K = this.classCount;
    for (let k = 0; k < K; k++) out[k] = this.bias[k] ?? 0;
    for (const [key, value] of features) {
      const row = this.index.get(key);
      if (row === undefined) continue;
      for (let k = 0; k < K; k++) out[k] = (out[k] ?? 0) + (this.weights[row * K + k] ?? 0) * value;
    }
  }
}

function softmaxInPlace(v: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const x of v) if (x > max) max = x;
  let sum = 0;
  for (let k = 0; k < v.length; k++) {
    const e = Math.exp((v[k] ?? 0) - max);
    v[k] = e;
    sum += e;
  }
  for (let k = 0; k < v.length; k++) v[k] = (v[k] ?? 0) / sum;
}

/** Small seeded PRNG (public-domain mulberry32) so training is deterministic without Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i] ?? 0;
    items[i] = items[j] ?? 0;
    items[j] = a;
  }
}
