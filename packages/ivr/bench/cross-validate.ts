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

function crossValidate(opts: EmbeddedClassifierOptions): { accuracy: number; meanConfidence: number } {
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
        if (r.intent === intent.name) correct++;
      });
    }
  }
  return { accuracy: correct / total, meanConfidence: confidence / total };
}

const grid: [string, EmbeddedClassifierOptions][] = [];
for (const charWeight of [0.4, 0.6, 0.8]) {
  for (const bigramWeight of [0.3, 0.6]) {
    for (const idf of [true, false]) grid.push([`char ${charWeight} bigram ${bigramWeight} idf ${idf}`, { features: { charWeight, bigramWeight }, idf }]);
  }
}
const only = process.argv.includes('--default');
for (const [label, opts] of only ? [['defaults', {}] as [string, EmbeddedClassifierOptions]] : grid) {
  const { accuracy, meanConfidence } = crossValidate(opts);
  console.log(`${(accuracy * 100).toFixed(1)}%  mean confidence ${meanConfidence.toFixed(3)}  ${label}`);
}
