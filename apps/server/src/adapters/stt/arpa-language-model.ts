import type { Flow } from '@switchboard/protocol';
import { flowPhrases, normaliseWords } from './jsgf-grammar.js';

/**
 * A trigram language model in ARPA text form, built from the flow's examples and consent
 * answers, for pocketsphinx's `-lm` (Debian ships no LM toolkit: sphinx_lm_convert only
 * converts, and CMUCLMTK is not packaged). Absolute discounting with Katz-style back-off:
 * every n-gram seen gives up `discount` counts to its history's back-off mass, which the
 * lower order spreads over unseen continuations — so a caller's own word order still decodes,
 * unlike a grammar that forces it into the examples' shapes (shared/FACTS.md).
 */
export interface LanguageModelOptions {
  /** Absolute discount per seen n-gram (0 < d < 1). */
  discount?: number;
  /** Words every flow may hear besides its examples: added to the unigrams once each. */
  extraWords?: readonly string[];
  /** Keep only words the recogniser can pronounce (the pronunciation dictionary). */
  dictionary?: ReadonlySet<string>;
}

const BOS = '<s>';
const EOS = '</s>';
const log10 = (p: number) => Math.log10(p).toFixed(4);

export function buildArpaLanguageModel(flow: Flow, opts: LanguageModelOptions = {}): string {
  const discount = opts.discount ?? 0.5;
  if (!(discount > 0 && discount < 1)) throw new RangeError(`discount must be between 0 and 1, got ${discount}`);
  const known = (w: string) => !/^[0-9]+$/.test(w) && (!opts.dictionary || opts.dictionary.has(w));
  const sentences = flowPhrases(flow)
    .map((p) => normaliseWords(p).filter(known))
    .filter((ws) => ws.length > 0);
  const counts = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  for (const words of sentences) {
    const seq = [BOS, ...words, EOS];
    for (let n = 1; n <= 3; n++) {
      for (let i = 0; i + n <= seq.length; i++) {
        const gram = seq.slice(i, i + n);
        if (n === 1 && gram[0] === BOS) continue;
        const key = gram.join(' ');
        counts[n - 1]?.set(key, (counts[n - 1]?.get(key) ?? 0) + 1);
      }
    }
  }
  const [uni, bi, tri] = counts as [Map<string, number>, Map<string, number>, Map<string, number>];
  for (const w of opts.extraWords ?? []) if (known(w) && !uni.has(w)) uni.set(w, 1);
  if (uni.size <= 1) throw new Error('the flow has no words the recogniser knows');

  // Unigrams: add-one over the vocabulary (every word, however rare, stays reachable).
  const total = [...uni.values()].reduce((s, c) => s + c, 0);
  const pUni = new Map([...uni].map(([w, c]) => [w, (c + 1) / (total + uni.size)]));
  const probOf = (order: Map<string, number>, lower: (words: string[]) => number) => {
    // History counts and number of distinct continuations, for the discounted estimate.
    const history = new Map<string, { count: number; types: number }>();
    for (const [key, c] of order) {
      const h = key.slice(0, key.lastIndexOf(' '));
      const entry = history.get(h) ?? { count: 0, types: 0 };
      entry.count += c;
      entry.types++;
      history.set(h, entry);
    }
    const probs = new Map<string, number>();
    for (const [key, c] of order) {
      const h = history.get(key.slice(0, key.lastIndexOf(' '))) as { count: number; types: number };
      const words = key.split(' ');
      // Interpolated absolute discounting: seen n-grams keep their lower-order share too.
      probs.set(key, (c - discount) / h.count + ((discount * h.types) / h.count) * lower(words.slice(1)));
    }
    // Back-off weight of each history: the mass left for unseen continuations, renormalised.
    const backoff = new Map<string, number>();
    for (const [h] of history) {
      let seenHigh = 0;
      let seenLow = 0;
      for (const [key, p] of probs)
        if (key.slice(0, key.lastIndexOf(' ')) === h) {
          seenHigh += p;
          seenLow += lower(key.split(' ').slice(1));
        }
      backoff.set(h, Math.max(1e-6, 1 - seenHigh) / Math.max(1e-6, 1 - seenLow));
    }
    return { probs, backoff };
  };
  const uniP = (words: string[]) => pUni.get(words[0] ?? '') ?? 1 / (total + uni.size);
  const bigram = probOf(bi, uniP);
  const biP = (words: string[]) => {
    const key = words.join(' ');
    const seen = bigram.probs.get(key);
    return seen ?? (bigram.backoff.get(words[0] ?? '') ?? 1) * uniP(words.slice(1));
  };
  const trigram = probOf(tri, biP);

  const lines = ['\\data\\', `ngram 1=${uni.size + 1}`, `ngram 2=${bi.size}`, `ngram 3=${tri.size}`, '', '\\1-grams:'];
  lines.push(`-99.0000 ${BOS} ${log10(bigram.backoff.get(BOS) ?? 1)}`);
  for (const [w, p] of pUni) lines.push(w === EOS ? `${log10(p)} ${w}` : `${log10(p)} ${w} ${log10(bigram.backoff.get(w) ?? 1)}`);
  lines.push('', '\\2-grams:');
  for (const [key, p] of bigram.probs) {
    const bow = trigram.backoff.get(key);
    lines.push(bow === undefined ? `${log10(p)} ${key}` : `${log10(p)} ${key} ${log10(bow)}`);
  }
  lines.push('', '\\3-grams:');
  for (const [key, p] of trigram.probs) lines.push(`${log10(p)} ${key}`);
  lines.push('', '\\end\\', '');
  return lines.join('\n');
}
