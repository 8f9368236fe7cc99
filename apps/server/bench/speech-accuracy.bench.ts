/**
 * Routing accuracy and word error rate of the server's speech path, per accent, at 16 kHz and
 * telephone-band 8 kHz, for pocketsphinx constrained by the flow's JSGF grammar vs by a trigram
 * language model built from the flow's examples — each with and without a confirmation turn
 * ("It sounds like billing — is that right?" when confidence is below the flow's
 * confirmBelowConfidence; the caller's spoken yes/no goes through the same recogniser, a "no"
 * leads to the keypad menu).
 *
 * The spoken set: the first BENCH_PER_INTENT (default 4) requests per intent of the default
 * flow's frozen blind set A (packages/ivr/eval/blind/default.blind-a.yaml) — callers' own
 * words, never flow examples (blind-set-disjointness.test.ts). espeak-ng voices with light
 * noise → Silero VAD → pocketsphinx → the embedded classifier, as an `audio:` step does.
 *   npm run bench:speech -w @switchboard/server      (also part of `npm run bench`)
 *   BENCH_VOICES=en-us,en-gb BENCH_PER_INTENT=2 …     a shorter run
 *   BENCH_CONFIRM_BELOW=0.8                           confirmation threshold when the flow sets none
 *   BENCH_DECODINGS=language-model BENCH_RATES=8000   one decoding / rate
 *   BENCH_FILL_PHONE_BAND=0                           phone audio as it is (no noise above 4 kHz)
 *   BENCH_KEEP_LOADED=0                               a pocketsphinx process per utterance (default: kept loaded)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { confirmationAnswer, createEmbeddedClassifier, parseEvalFile } from '@switchboard/ivr';
import { parse } from 'yaml';
import { normaliseWords } from '../src/adapters/stt/jsgf-grammar.js';
import { createPocketsphinxStt, type PocketsphinxDecoding } from '../src/adapters/stt/pocketsphinx-stt.js';
import { type SpeechToText, SttError } from '../src/adapters/stt/stt.js';
import { loadSileroNode } from '../src/adapters/vad/silero-node.js';
import { transcribeWav } from '../src/speech/wav-speech-input.js';
import { defaultFlow, espeakWav } from '../test/support/speech.js';
import { fmt, percentile } from './percentile.js';

const BLIND_SET = join(import.meta.dirname, '..', '..', '..', 'packages', 'ivr', 'eval', 'blind', 'default.blind-a.yaml');
const VOICES = (process.env.BENCH_VOICES ?? 'en-us,en-gb,en-sc,en-029').split(',');
const RATES = (process.env.BENCH_RATES ?? '16000,8000').split(',').map(Number) as (16000 | 8000)[];
const DECODINGS = (process.env.BENCH_DECODINGS ?? 'grammar,language-model').split(',') as PocketsphinxDecoding[];
const FILL_PHONE_BAND = process.env.BENCH_FILL_PHONE_BAND !== '0';
const KEEP_LOADED = process.env.BENCH_KEEP_LOADED !== '0';
const PER_INTENT = Number(process.env.BENCH_PER_INTENT ?? 4);
if (!Number.isInteger(PER_INTENT) || PER_INTENT < 1)
  throw new Error(`BENCH_PER_INTENT must be a positive integer, got ${process.env.BENCH_PER_INTENT}`);

function spokenSet(): [string, string][] {
  const taken = new Map<string, number>();
  const out: [string, string][] = [];
  for (const item of parseEvalFile(parse(readFileSync(BLIND_SET, 'utf8')))) {
    const n = taken.get(item.intent) ?? 0;
    if (n >= PER_INTENT) continue;
    taken.set(item.intent, n + 1);
    out.push([item.text, item.intent]);
  }
  return out;
}

function wordErrors(ref: string[], hyp: string[]): number {
  const d = Array.from({ length: ref.length + 1 }, (_, i) =>
    Array.from({ length: hyp.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= ref.length; i++)
    for (let j = 1; j <= hyp.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
  return (d[ref.length] as number[])[hyp.length] as number;
}

interface Tally {
  errs: number;
  words: number;
  routed: number;
  confirmedRight: number;
  misrouted: number;
  confirmTurns: number;
  n: number;
  timeouts: number;
  ms: number[];
}
const tally = (): Tally => ({ errs: 0, words: 0, routed: 0, confirmedRight: 0, misrouted: 0, confirmTurns: 0, n: 0, timeouts: 0, ms: [] });

/** A recognition that times out is what a caller gets from it: nothing heard (counted apart). */
async function hear(path: string, options: Parameters<typeof transcribeWav>[1], t: Tally): Promise<string> {
  try {
    return (await transcribeWav(path, options)).text;
  } catch (error) {
    if (!(error instanceof SttError && error.code === 'stt-timeout')) throw error;
    t.timeouts++;
    return '';
  }
}

async function main() {
  const flow = defaultFlow();
  const set = spokenSet();
  const vad = await loadSileroNode();
  const recognisers = new Map<PocketsphinxDecoding, SpeechToText>();
  for (const decoding of DECODINGS)
    recognisers.set(decoding, await createPocketsphinxStt({ flow, decoding, fillPhoneBand: FILL_PHONE_BAND, keepLoaded: KEEP_LOADED }));
  const classifier = createEmbeddedClassifier(flow);
  // The flow's own setting when it turns confirmation on; else BENCH_CONFIRM_BELOW (default 0.8).
  const confirmBelow = flow.confirmBelowConfidence || Number(process.env.BENCH_CONFIRM_BELOW ?? 0.8);
  if (!(confirmBelow > 0 && confirmBelow <= 1))
    throw new Error(`BENCH_CONFIRM_BELOW must be in (0, 1], got ${process.env.BENCH_CONFIRM_BELOW}`);
  console.log(
    `# speech path: ${set.length} requests (blind set A, ${PER_INTENT} per intent) x ${VOICES.length} voices x ${RATES.length} rates x ${DECODINGS.length} decodings; confirmation below confidence ${confirmBelow}; phone band filled above 4 kHz: ${FILL_PHONE_BAND}; pocketsphinx kept loaded: ${KEEP_LOADED}`,
  );
  console.log('decoding        voice    rate   WER    routed  +confirm  misrouted+confirm  confirm-turns  sttMs_p50');
  const totals = new Map<string, Tally>();
  for (const decoding of DECODINGS) {
    const stt = recognisers.get(decoding) as SpeechToText;
    for (const voice of VOICES)
      for (const rate of RATES) {
        const t = tally();
        const answers = { yes: espeakWav('yes', { voice, rate }), no: espeakWav('no', { voice, rate }) };
        for (const [text, intent] of set) {
          const started = performance.now();
          const heard = { text: await hear(espeakWav(text, { voice, rate }), { vad, stt }, t) };
          t.ms.push(performance.now() - started);
          const ref = normaliseWords(text);
          t.errs += wordErrors(ref, normaliseWords(heard.text));
          t.words += ref.length;
          t.n++;
          const c = await classifier.classify(heard.text);
          const right = c.intent === intent;
          if (right) t.routed++;
          // The confirmation turn (packages/ivr/src/engine/routing.ts): a low-confidence route
          // other than escalation or the fallback is read back; the caller answers truthfully.
          const asks = c.confidence < confirmBelow && c.intent !== flow.escalationIntent && c.intent !== flow.fallbackIntent;
          if (!asks) {
            if (right) t.confirmedRight++;
            else t.misrouted++;
            continue;
          }
          t.confirmTurns++;
          const reply = { text: await hear(right ? answers.yes : answers.no, { vad, stt }, t) };
          const read = confirmationAnswer(flow, reply.text);
          // "yes" routes as heard; "no" or unclear goes to the keypad menu, where the caller presses the right key.
          if (read === 'yes' && !right) t.misrouted++;
          else t.confirmedRight++;
        }
        const key = `${decoding} ${rate}`;
        const all = totals.get(key) ?? tally();
        for (const k of ['errs', 'words', 'routed', 'confirmedRight', 'misrouted', 'confirmTurns', 'n', 'timeouts'] as const)
          all[k] += t[k];
        all.ms.push(...t.ms);
        totals.set(key, all);
        console.log(
          `${decoding.padEnd(15)} ${voice.padEnd(8)} ${String(rate).padEnd(6)} ${fmt(t.errs / t.words, 3)}  ${String(t.routed).padStart(2)}/${t.n}   ${String(t.confirmedRight).padStart(2)}/${t.n}     ${String(t.misrouted).padStart(2)}                 ${String(t.confirmTurns).padStart(2)}             ${fmt(percentile(t.ms, 50), 0)}`,
        );
      }
  }
  console.log('\n# totals over all voices');
  for (const [key, t] of totals)
    console.log(
      `${key.padEnd(21)} WER ${fmt(t.errs / t.words, 3)}  routing ${fmt((100 * t.routed) / t.n, 1)}%  with confirmation ${fmt((100 * t.confirmedRight) / t.n, 1)}% right, ${fmt((100 * t.misrouted) / t.n, 1)}% misrouted, ${t.confirmTurns} confirmation turns; stt p50 ${fmt(percentile(t.ms, 50), 0)} ms, p95 ${fmt(percentile(t.ms, 95), 0)} ms, ${t.timeouts} recognitions over the 15 s timeout`,
    );
  const typed = await Promise.all(set.map(async ([text, intent]) => (await classifier.classify(text)).intent === intent));
  console.log(
    `reference: the same requests typed (no speech path): routing accuracy ${fmt((100 * typed.filter(Boolean).length) / set.length, 1)}%`,
  );
  await Promise.all([...recognisers.values()].map((stt) => stt.close?.()));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
