import { describe, expect, it } from 'vitest';
import { defaultFlow } from '../../../test/support/speech.js';
import { buildJsgfGrammar, flowVocabulary, normaliseWords } from './jsgf-grammar.js';

describe('buildJsgfGrammar', () => {
  const flow = defaultFlow();

  it('normalises punctuation and curly apostrophes', () => {
    expect(normaliseWords("I can’t log in, it's BROKEN!")).toEqual(['i', "can't", 'log', 'in', "it's", 'broken']);
  });

  it('takes words from examples, intent names, consent answers, digits and function words', () => {
    const words = flowVocabulary(flow);
    for (const w of ['invoice', 'refund', 'agree', 'seven', 'with', 'yes', 'no']) expect(words.has(w)).toBe(true);
  });

  it('accepts example sentences whole and any run of known words', () => {
    const g = buildJsgfGrammar(flow);
    expect(g).toMatch(/^#JSGF V1\.0;/);
    expect(g).toContain('( i have a question about my invoice )');
    expect(g).toContain('public <utterance> = <phrase> | <word>+;');
    expect(g).toMatch(/ can't \|/);
  });

  it('drops words the pronunciation dictionary lacks, and phrases containing them', () => {
    const dictionary = new Set([...flowVocabulary(flow)].filter((w) => w !== 'invoice'));
    const g = buildJsgfGrammar(flow, dictionary);
    expect(g).not.toMatch(/\binvoice\b/);
    expect(g).toContain('( i need a refund )');
  });
});
