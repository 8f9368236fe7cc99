import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Flow } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseFlow } from '../flow/parse-flow.js';
import { createEmbeddedClassifier } from './embedded-classifier.js';
import { evaluateClassifier, parseEvalFile } from './evaluate-classifier.js';

const root = join(import.meta.dirname, '..', '..');
const load = (path: string): unknown => parse(readFileSync(join(root, path), 'utf8'));
const normalise = (t: string) =>
  t
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .trim();

function flowOf(name: string): Flow {
  const parsed = parseFlow(load(`flows/${name}.yaml`));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

// eval/*.eval.yaml is a SEEN set (reworded after its first measurement, tuned against): kept as
// a regression guard, not a held-out figure. The blind sets (eval/blind/) give that figure.
describe.each([
  ['default', 0.95, 300],
  ['task-manager', 0.9, 80],
])('seen evaluation set of the %s flow', (name, minAccuracy, minItems) => {
  const flow = flowOf(name);
  const items = parseEvalFile(load(`eval/${name}.eval.yaml`));

  it(`has at least ${minItems} items, all labelled with the flow's intents`, () => {
    expect(items.length).toBeGreaterThanOrEqual(minItems);
    const names = new Set(flow.intents.map((i) => i.name));
    expect(items.filter((i) => !names.has(i.intent))).toEqual([]);
  });

  it('shares no utterance with the training examples', () => {
    const examples = new Set(flow.intents.flatMap((i) => i.examples.map(normalise)));
    expect(items.filter((i) => examples.has(normalise(i.text))).map((i) => i.text)).toEqual([]);
  });

  it(`is classified with accuracy >= ${minAccuracy}`, () => {
    const report = evaluateClassifier(
      createEmbeddedClassifier(flow),
      items,
      flow.intents.map((i) => i.name),
    );
    expect(report.accuracy, JSON.stringify(report.errors.slice(0, 10))).toBeGreaterThanOrEqual(minAccuracy);
    // Calibrated: answers given with confidence >= 0.6 are right far more often than a guess.
    expect(report.calibration.confidentAccuracy).toBeGreaterThanOrEqual(0.9);
  });
});

// Blind set A was measured before tuning (86.7% / 84.8%) and has been seen while tuning since,
// so these are regression guards a little under the tuned figures; blind set B is measured once,
// by the bench, never by a test.
describe.each([
  ['default', 0.92],
  ['task-manager', 0.92],
])('blind set A of the %s flow', (name, minAccuracy) => {
  it(`is classified with accuracy >= ${minAccuracy}, confident answers right >= 0.9 of the time`, () => {
    const flow = flowOf(name);
    const report = evaluateClassifier(
      createEmbeddedClassifier(flow),
      parseEvalFile(load(`eval/blind/${name}.blind-a.yaml`)),
      flow.intents.map((i) => i.name),
    );
    expect(report.accuracy, JSON.stringify(report.errors.slice(0, 10))).toBeGreaterThanOrEqual(minAccuracy);
    expect(report.calibration.confidentAccuracy).toBeGreaterThanOrEqual(0.9);
  });
});
