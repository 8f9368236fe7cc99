import type { Flow } from '@switchboard/protocol';
import { createEmbeddedClassifier, type EmbeddedClassifierOptions } from '../src/classifier/embedded-classifier.js';

export interface CrossValidation {
  accuracy: number;
  meanConfidence: number;
  ece: number;
  unsureAccuracy: number;
  confidentAccuracy: number;
  /** Mean log loss of "the answer is right" at the reported confidence (lower is better calibrated and sharper). */
  logLoss: number;
}

/**
 * k-fold cross-validation on a flow's own examples: every k-th example (by position, per
 * intent) is held out in turn. It says how well the examples teach each other, never how
 * callers are understood (the examples share their author's phrasing) — the blind sets do that.
 */
export function crossValidate(flow: Flow, opts: EmbeddedClassifierOptions = {}, k = 5): CrossValidation {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, correct: 0, conf: 0 }));
  let unsure = 0;
  let unsureCorrect = 0;
  let correct = 0;
  let total = 0;
  let confidence = 0;
  let logLoss = 0;
  for (let fold = 0; fold < k; fold++) {
    const train: Flow = { ...flow, intents: flow.intents.map((i) => ({ ...i, examples: i.examples.filter((_, j) => j % k !== fold) })) };
    const classifier = createEmbeddedClassifier(train, opts);
    for (const intent of flow.intents) {
      intent.examples.forEach((text, j) => {
        if (j % k !== fold) return;
        const r = classifier.classifySync(text);
        total++;
        confidence += r.confidence;
        const ok = r.intent === intent.name;
        if (ok) correct++;
        const p = Math.min(1 - 1e-4, Math.max(1e-4, r.confidence));
        logLoss -= Math.log(ok ? p : 1 - p);
        const bin = bins[Math.min(9, Math.floor(r.confidence * 10))];
        if (bin) {
          bin.n++;
          bin.conf += r.confidence;
          if (ok) bin.correct++;
        }
        if (r.confidence < 0.6) {
          unsure++;
          if (ok) unsureCorrect++;
        }
      });
    }
  }
  const ece = bins.reduce((s, b) => s + (b.n ? Math.abs(b.correct / b.n - b.conf / b.n) * (b.n / total) : 0), 0);
  const confident = total - unsure;
  return {
    accuracy: correct / total,
    meanConfidence: confidence / total,
    ece,
    unsureAccuracy: unsure ? unsureCorrect / unsure : 0,
    confidentAccuracy: confident ? (correct - unsureCorrect) / confident : 0,
    logLoss: logLoss / total,
  };
}
