// Tunes the embedded classifier's settings by k-fold cross-validation on the flow's own
// training examples — never on the held-out evaluation set (that would make its figure
// meaningless). `npx tsx bench/cross-validate.ts [flow]` prints CV accuracy per setting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { EmbeddedClassifierOptions } from '../src/classifier/embedded-classifier.js';
import { parseFlow } from '../src/flow/parse-flow.js';
import { crossValidate } from './k-fold.js';

const name = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'default';
const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '..', 'flows', `${name}.yaml`), 'utf8')));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const flow = parsed.value;
const grid: [string, EmbeddedClassifierOptions][] = [];
if (process.argv.includes('--calibrate')) {
  for (const temperature of [0.4, 0.5, 0.6, 0.7, 0.85, 1, 1.3]) {
    for (const coveragePower of [0, 0.25, 0.5, 1])
      grid.push([`temperature ${temperature} coveragePower ${coveragePower}`, { temperature, coveragePower }]);
  }
} else if (process.argv.includes('--classes')) {
  for (const classWeight of [0, 0.3, 0.5, 0.8, 1.2])
    for (const bigramWeight of [0.3, 0.6])
      grid.push([`classes ${classWeight} bigram ${bigramWeight}`, { features: { classWeight, bigramWeight } }]);
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
  const r = crossValidate(flow, opts);
  console.log(
    `${(r.accuracy * 100).toFixed(1)}%  mean confidence ${r.meanConfidence.toFixed(3)}  ECE ${r.ece.toFixed(3)}  log loss ${r.logLoss.toFixed(3)}  accuracy >=0.6 ${(r.confidentAccuracy * 100).toFixed(1)}%  <0.6 ${(r.unsureAccuracy * 100).toFixed(1)}%  ${label}`,
  );
}
