import { type Sentiment, SentimentSchema } from '@switchboard/protocol';
import { z } from 'zod';
import type { DecidedBy, EmbeddedClassifier } from './embedded-classifier.js';

/** An evaluation file: `items: [[intent, sentiment, text], …]` (see eval/default.eval.yaml). */
export const EvalFileSchema = z.strictObject({
  items: z.array(z.tuple([z.string().min(1), SentimentSchema, z.string()])).min(1),
});
export interface EvalItem {
  intent: string;
  sentiment: Sentiment;
  text: string;
}

export function parseEvalFile(raw: unknown): EvalItem[] {
  return EvalFileSchema.parse(raw).items.map(([intent, sentiment, text]) => ({ intent, sentiment, text }));
}

export interface EvalReport {
  count: number;
  accuracy: number;
  macroF1: number;
  sentimentAccuracy: number;
  labels: string[];
  /** confusion[actual][predicted] */
  confusion: number[][];
  /** Share of answers at or above the threshold, and their accuracy / the accuracy below it. */
  calibration: {
    threshold: number;
    confidentShare: number;
    confidentAccuracy: number;
    unsureAccuracy: number;
    expectedCalibrationError: number;
  };
  errors: { text: string; expected: string; got: string; confidence: number; decidedBy: DecidedBy }[];
  /** Accuracy of the items the rules decided, apart from those the model decided. */
  decided: Record<DecidedBy, { count: number; correct: number }>;
  /** Reliability: per confidence tenth, how many answers and how many were right. */
  reliability: { from: number; count: number; correct: number; meanConfidence: number }[];
  /** Per clock name (e.g. wall, cpu), one latency per item in ms. */
  latenciesMs: Record<string, number[]>;
}

/** Scores a classifier on labelled utterances; `clocks` (ms) measure latency — packages have no clock of their own. */
export function evaluateClassifier(
  classifier: EmbeddedClassifier,
  items: readonly EvalItem[],
  labels: readonly string[],
  clocks: Record<string, () => number> = {},
  threshold = 0.6,
): EvalReport {
  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  const errors: EvalReport['errors'] = [];
  const names = Object.keys(clocks);
  const latenciesMs: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const bins = Array.from({ length: 10 }, () => ({ n: 0, correct: 0, conf: 0 }));
  const decided: EvalReport['decided'] = {
    rule: { count: 0, correct: 0 },
    model: { count: 0, correct: 0 },
    'no-signal': { count: 0, correct: 0 },
  };
  let correct = 0;
  let sentimentCorrect = 0;
  let confident = 0;
  let confidentCorrect = 0;
  for (const item of items) {
    const starts = names.map((n) => clocks[n]?.() ?? 0);
    const { classification: result, decidedBy } = classifier.explain(item.text);
    names.forEach((n, i) => {
      latenciesMs[n]?.push((clocks[n]?.() ?? 0) - (starts[i] ?? 0));
    });
    const a = index.get(item.intent);
    const p = index.get(result.intent);
    if (a !== undefined && p !== undefined) (confusion[a] as number[])[p] = ((confusion[a] as number[])[p] ?? 0) + 1;
    const ok = result.intent === item.intent;
    decided[decidedBy].count++;
    if (ok) {
      correct++;
      decided[decidedBy].correct++;
    } else errors.push({ text: item.text, expected: item.intent, got: result.intent, confidence: result.confidence, decidedBy });
    if (result.sentiment === item.sentiment) sentimentCorrect++;
    if (result.confidence >= threshold) {
      confident++;
      if (ok) confidentCorrect++;
    }
    const bin = bins[Math.min(9, Math.floor(result.confidence * 10))];
    if (bin) {
      bin.n++;
      bin.conf += result.confidence;
      if (ok) bin.correct++;
    }
  }
  const f1s = labels.map((_, k) => {
    const tp = confusion[k]?.[k] ?? 0;
    const fp = confusion.reduce((s, row, i) => s + (i === k ? 0 : (row[k] ?? 0)), 0);
    const fn = (confusion[k] ?? []).reduce((s, v, j) => s + (j === k ? 0 : v), 0);
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const n = items.length;
  const unsure = n - confident;
  return {
    count: n,
    accuracy: correct / n,
    macroF1: f1s.reduce((s, v) => s + v, 0) / labels.length,
    sentimentAccuracy: sentimentCorrect / n,
    labels: [...labels],
    confusion,
    calibration: {
      threshold,
      confidentShare: confident / n,
      confidentAccuracy: confident ? confidentCorrect / confident : 0,
      unsureAccuracy: unsure ? (correct - confidentCorrect) / unsure : 0,
      expectedCalibrationError: bins.reduce((s, b) => s + (b.n ? Math.abs(b.correct / b.n - b.conf / b.n) * (b.n / n) : 0), 0),
    },
    errors,
    decided,
    reliability: bins.map((b, i) => ({ from: i / 10, count: b.n, correct: b.correct, meanConfidence: b.n ? b.conf / b.n : 0 })),
    latenciesMs,
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
