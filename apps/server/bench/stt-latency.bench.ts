/**
 * Per-utterance latency of pocketsphinx kept loaded (long-lived recognisers, the default) vs a
 * process per utterance (the fallback, and the only path before), on the same audio, taken in
 * turns so machine load falls on both alike. Prints p50/p95 of each, their ratio, how many
 * transcripts the two agree on, and how many route right with the embedded classifier.
 * The audio: the first BENCH_PER_INTENT (default 2) requests per intent of the default flow's
 * blind set A, espeak-ng en-us with light noise, BENCH_ROUNDS (default 3) times each.
 *   npx tsx apps/server/bench/stt-latency.bench.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEmbeddedClassifier, parseEvalFile } from '@switchboard/ivr';
import { parse } from 'yaml';
import { createPocketsphinxStt } from '../src/adapters/stt/pocketsphinx-stt.js';
import { defaultFlow, espeakWav, readWav16k } from '../test/support/speech.js';
import { fmt, percentile } from './percentile.js';

const BLIND_SET = join(import.meta.dirname, '..', '..', '..', 'packages', 'ivr', 'eval', 'blind', 'default.blind-a.yaml');
const PER_INTENT = Number(process.env.BENCH_PER_INTENT ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
if (!(Number.isInteger(PER_INTENT) && PER_INTENT > 0 && Number.isInteger(ROUNDS) && ROUNDS > 0))
  throw new Error('BENCH_PER_INTENT and BENCH_ROUNDS must be positive integers');

async function main() {
  const flow = defaultFlow();
  const taken = new Map<string, number>();
  const set: { audio: Int16Array; intent: string }[] = [];
  for (const item of parseEvalFile(parse(readFileSync(BLIND_SET, 'utf8')))) {
    if ((taken.get(item.intent) ?? 0) >= PER_INTENT) continue;
    taken.set(item.intent, (taken.get(item.intent) ?? 0) + 1);
    set.push({ audio: readWav16k(espeakWav(item.text)), intent: item.intent });
  }
  const classifier = createEmbeddedClassifier(flow);
  let fallbacks = 0;
  const kept = await createPocketsphinxStt({ flow, recognisers: 1, onFallback: () => fallbacks++ });
  const once = await createPocketsphinxStt({ flow, keepLoaded: false });
  const ms = { kept: [] as number[], once: [] as number[] };
  const routed = { kept: 0, once: 0 };
  let same = 0;
  let n = 0;
  const time = async (path: 'kept' | 'once', audio: Int16Array, intent: string) => {
    const started = performance.now();
    const { text } = await (path === 'kept' ? kept : once).transcribe(audio);
    ms[path].push(performance.now() - started);
    if ((await classifier.classify(text)).intent === intent) routed[path]++;
    return text;
  };
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, { audio, intent }] of set.entries()) {
      // alternate which goes first
      const first = (i + round) % 2 === 0 ? 'kept' : 'once';
      const a = await time(first, audio, intent);
      const b = await time(first === 'kept' ? 'once' : 'kept', audio, intent);
      if (a === b) same++;
      n++;
    }
  await Promise.all([kept.close?.(), once.close?.()]);
  console.log(`# pocketsphinx (language model, 16 kHz): ${set.length} utterances x ${ROUNDS} rounds, taken in turns`);
  for (const path of ['once', 'kept'] as const)
    console.log(
      `${path === 'kept' ? 'kept loaded        ' : 'process per utterance'} p50 ${fmt(percentile(ms[path], 50), 0)} ms  p95 ${fmt(percentile(ms[path], 95), 0)} ms  routed ${routed[path]}/${n}`,
    );
  console.log(
    `ratio kept/per-utterance: p50 ${fmt(percentile(ms.kept, 50) / percentile(ms.once, 50), 2)}, p95 ${fmt(percentile(ms.kept, 95) / percentile(ms.once, 95), 2)}; same transcript ${same}/${n}; fallbacks ${fallbacks}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
