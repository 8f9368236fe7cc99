// Tunes the embedded classifier's settings by k-fold cross-validation on the flow's own
// training examples — never on the held-out evaluation set (that would make its figure
// meaningless). `npx tsx bench/cross-validate.ts [flow]` prints CV accuracy per setting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Flow } from '@switchboard/protocol';
import { parse } from 'yaml';
import { createEmbeddedClassifier, type EmbeddedClassifierOptions } from '../src/classifier/embedded-classifier.js';
import { parseFlow } from '../src/flow/parse-flow.js';

const name = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'default';
const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '..', 'flows', `${name}.yaml`), 'utf8')));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const flow = parsed.value;
const K = 5;

function crossValidate(opts: EmbeddedClassifierOptions): {
  accuracy: number;
  meanConfidence: number;
  ece: number;
  unsureAccuracy: number;
  confidentAccuracy: number;
} {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, correct: 0, conf: 0 }));
  let unsure = 0;
  let unsureCorrect = 0;
  let correct = 0;
  let total = 0;
  let confidence = 0;
  for (let fold = 0; fold < K; fold++) {
    const train: Flow = { ...flow, intents: flow.intents.map((i) => ({ ...i, examples: i.examples.filter((_, j) => j % K !== fold) })) };
    const classifier = createEmbeddedClassifier(train, opts);
    for (const intent of flow.intents) {
      intent.examples.forEach((text, j) => {
        if (j % K !== fold) return;
        const r = classifier.classifySync(text);
        total++;
        confidence += r.confidence;
        const ok = r.intent === intent.name;
        if (ok) correct++;
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
  };
}

const grid: [string, EmbeddedClassifierOptions][] = [];
if (process.argv.includes('--calibrate')) {
  for (const temperature of [0.5, 0.6, 0.7, 0.85, 1]) {
    for (const coveragePower of [0.25, 0.5, 1])
      grid.push([`temperature ${temperature} coveragePower ${coveragePower}`, { temperature, coveragePower }]);
  }
} else {
  for (const charWeight of [0.4, 0.6, 0.8]) {
    for (const bigramWeight of [0.3, 0.6]) {
      for (const idf of [true, false])
        grid.push([`char ${charWeight} bigram ${bigramWeight} idf ${idf}`, { features: { charWeight, bigramWeight }, idf }]);
    }
  }
}
const only = process.argv.includes('--default');
for (const [label, opts] of only ? [['defaults', {}] as [string, EmbeddedClassifierOptions]] : grid) {
  const r = crossValidate(opts);
  console.log(
    `${(r.accuracy * 100).toFixed(1)}%  mean confidence ${r.meanConfidence.toFixed(3)}  ECE ${r.ece.toFixed(3)}  accuracy >=0.6 ${(r.confidentAccuracy * 100).toFixed(1)}%  <0.6 ${(r.unsureAccuracy * 100).toFixed(1)}%  ${label}`,
  );
}
