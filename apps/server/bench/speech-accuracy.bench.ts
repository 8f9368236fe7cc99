/**
 * Routing accuracy and word error rate of the server's speech path on our own spoken set:
 * espeak-ng voices (en-us, en-gb, en-sc, en-029) at 16 kHz and telephone-band 8 kHz, through
 * Silero VAD + pocketsphinx (flow grammar) + the embedded classifier — what an `audio:` step
 * and a live call do. None of these sentences is a flow example (the grammar and classifier
 * are built from the examples; evaluating on them would mean nothing).
 */
import { createEmbeddedClassifier } from '@switchboard/ivr';
import { normaliseWords } from '../src/adapters/stt/jsgf-grammar.js';
import { createPocketsphinxStt } from '../src/adapters/stt/pocketsphinx-stt.js';
import { loadSileroNode } from '../src/adapters/vad/silero-node.js';
import { transcribeWav } from '../src/speech/wav-speech-input.js';
import { defaultFlow, espeakWav } from '../test/support/speech.js';
import { fmt, percentile } from './percentile.js';

const SET: [string, string][] = [
  ['I need help with my invoice', 'billing'],
  ['I was charged twice last week', 'billing'],
  ['can I get my money back', 'billing'],
  ['my app keeps crashing when I open it', 'technical'],
  ['I cannot log in to my account', 'technical'],
  ['the website shows an error', 'technical'],
  ['I want to buy the premium plan', 'sales'],
  ['can I get a demo for my team', 'sales'],
  ['let me talk to a real person', 'escalation'],
  ['I want to speak to a manager now', 'escalation'],
  ['what time do you open', 'general'],
  ['where is your office', 'general'],
];
const VOICES = (process.env.BENCH_VOICES ?? 'en-us,en-gb,en-sc,en-029').split(',');
const RATES = [16000, 8000] as const;

function wordErrors(ref: string[], hyp: string[]): number {
  const d = Array.from({ length: ref.length + 1 }, (_, i) => Array.from({ length: hyp.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= ref.length; i++)
    for (let j = 1; j <= hyp.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
  return (d[ref.length] as number[])[hyp.length] as number;
}

async function main() {
  const flow = defaultFlow();
  const vad = await loadSileroNode();
  const stt = await createPocketsphinxStt({ flow });
  const classifier = createEmbeddedClassifier(flow);
  console.log(`# speech path accuracy: ${SET.length} sentences x ${VOICES.length} voices x ${RATES.length} rates (espeak-ng + noise → Silero → pocketsphinx/JSGF → embedded classifier)`);
  console.log('voice    rate   WER    routed_ok  sttMs_p50');
  const totals = new Map<number, { errs: number; words: number; ok: number; n: number }>();
  for (const voice of VOICES)
    for (const rate of RATES) {
      let errs = 0;
      let words = 0;
      let ok = 0;
      const ms: number[] = [];
      for (const [text, intent] of SET) {
        const t = performance.now();
        const heard = await transcribeWav(espeakWav(text, { voice, rate }), { vad, stt });
        ms.push(performance.now() - t);
        const ref = normaliseWords(text);
        errs += wordErrors(ref, normaliseWords(heard.text));
        words += ref.length;
        if ((await classifier.classify(heard.text)).intent === intent) ok++;
      }
      const tot = totals.get(rate) ?? { errs: 0, words: 0, ok: 0, n: 0 };
      totals.set(rate, { errs: tot.errs + errs, words: tot.words + words, ok: tot.ok + ok, n: tot.n + SET.length });
      console.log(`${voice.padEnd(8)} ${String(rate).padEnd(6)} ${fmt(errs / words, 3)}  ${ok}/${SET.length}       ${fmt(percentile(ms, 50), 0)}`);
    }
  for (const [rate, t] of totals) console.log(`ALL      ${rate}  WER ${fmt(t.errs / t.words, 3)}  routing accuracy ${fmt((100 * t.ok) / t.n, 1)}% (${t.ok}/${t.n})`);
  const typed = await Promise.all(SET.map(async ([text, intent]) => (await classifier.classify(text)).intent === intent));
  console.log(`reference: the same sentences typed (no speech path): routing accuracy ${fmt((100 * typed.filter(Boolean).length) / SET.length, 1)}%`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
