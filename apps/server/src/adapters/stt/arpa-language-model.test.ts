import type { Flow } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { defaultFlow } from '../../../test/support/speech.js';
import { buildArpaLanguageModel } from './arpa-language-model.js';

/** Parses the ARPA text back: log10 probabilities and back-off weights per n-gram. */
function parseArpa(arpa: string): { counts: number[]; grams: Map<string, { p: number; bow: number }>[] } {
  const counts = [...arpa.matchAll(/^ngram (\d)=(\d+)$/gm)].map((m) => Number(m[2]));
  const grams: Map<string, { p: number; bow: number }>[] = [new Map(), new Map(), new Map()];
  let order = -1;
  for (const line of arpa.split('\n')) {
    const section = /^\\(\d)-grams:$/.exec(line);
    if (section) order = Number(section[1]) - 1;
    else if (line === '' || line.startsWith('\\')) continue;
    else if (order >= 0) {
      const parts = line.split(' ');
      const words = parts.slice(1, order + 2);
      grams[order]?.set(words.join(' '), { p: Number(parts[0]), bow: Number(parts[order + 2] ?? 0) });
    }
  }
  return { counts, grams };
}

describe('buildArpaLanguageModel', () => {
  const flow = defaultFlow();
  const { counts, grams } = parseArpa(buildArpaLanguageModel(flow));

  it('declares as many n-grams as it lists, and every word of the examples is a unigram', () => {
    expect(counts).toEqual(grams.map((g) => g.size));
    for (const word of ['refund', 'charged', 'manager', 'crashing']) expect(grams[0]?.has(word), word).toBe(true);
    expect(grams[0]?.get('<s>')?.p).toBe(-99);
  });

  it('is a distribution: after any history, seen words plus the backed-off rest sum to one', () => {
    const uni = grams[0] as Map<string, { p: number; bow: number }>;
    const bi = grams[1] as Map<string, { p: number; bow: number }>;
    const words = [...uni.keys()].filter((w) => w !== '<s>');
    expect(words.reduce((s, w) => s + 10 ** (uni.get(w)?.p ?? -99), 0)).toBeCloseTo(1, 3);
    for (const history of ['i', 'my', '<s>', 'refund']) {
      const bow = 10 ** (uni.get(history)?.bow ?? 0);
      const sum = words.reduce((s, w) => {
        const seen = bi.get(`${history} ${w}`);
        return s + (seen ? 10 ** seen.p : bow * 10 ** (uni.get(w)?.p ?? -99));
      }, 0);
      expect(sum, history).toBeCloseTo(1, 2);
    }
  });

  it('keeps only words the recogniser can pronounce, and refuses a flow with none', () => {
    const { grams: known } = parseArpa(buildArpaLanguageModel(flow, { dictionary: new Set(['i', 'need', 'a', 'refund']) }));
    expect([...(known[0]?.keys() ?? [])].sort()).toEqual(['</s>', '<s>', 'a', 'i', 'need', 'refund']);
    const empty: Flow = { ...flow, intents: flow.intents.map((i) => ({ ...i, examples: ['zzz'] })) };
    expect(() => buildArpaLanguageModel(empty, { dictionary: new Set(['hello']) })).toThrow(/no words the recogniser knows/);
    expect(() => buildArpaLanguageModel(flow, { discount: 1 })).toThrow(/discount/);
  });
});
