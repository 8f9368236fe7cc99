import type { Amount } from '@switchboard/protocol';
import { parseNumberWord, WORD_NUMBER } from './number-words.js';

const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };
const WORDS: [RegExp, string][] = [
  [/^(dollars?|bucks|usd)$/, 'USD'],
  [/^(euros?|eur)$/, 'EUR'],
  [/^(pounds?|quid|gbp)$/, 'GBP'],
  [/^(yen|jpy)$/, 'JPY'],
];
const CURRENCY_WORD = '(dollars?|bucks|usd|euros?|eur|pounds?|quid|gbp|yen|jpy)';
const NUMERIC = '(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{1,2}))?';

const SYMBOL_FIRST = new RegExp(`([$€£¥])\\s?${NUMERIC}`, 'g');
const CODE_FIRST = new RegExp(`\\b(usd|eur|gbp|jpy)\\s?${NUMERIC}`, 'gi');
// "one hundred twenty dollars and fifty cents" (the unit is required: "20 dollars two weeks ago")
const CENTS = `(?:,? (?:and )?(${WORD_NUMBER}|\\d{1,2}) (?:cents?|pence)\\b)?`;
const WORD_AFTER = new RegExp(`\\b(?:(${WORD_NUMBER})|${NUMERIC})\\s?${CURRENCY_WORD}\\b${CENTS}`, 'gi');

function currencyOfWord(word: string): string | undefined {
  const w = word.toLowerCase();
  return WORDS.find(([re]) => re.test(w))?.[1];
}

function numeric(whole: string, cents: string | undefined): number {
  return Number(`${whole.replace(/,/g, '')}${cents ? `.${cents}` : ''}`);
}

/** Money mentioned in an utterance: "$49.99", "120 euros", "thirty dollars", "GBP 20". */
export function extractAmounts(text: string): Amount[] {
  const found: { index: number; amount: Amount }[] = [];
  const taken: number[] = [];
  const push = (index: number, value: number | undefined, currency: string | undefined) => {
    if (value === undefined || !Number.isFinite(value) || !currency || taken.includes(index)) return;
    taken.push(index);
    found.push({ index, amount: { value, currency } });
  };
  for (const m of text.matchAll(SYMBOL_FIRST)) push(m.index, numeric(m[2] ?? '', m[3]), SYMBOLS[m[1] ?? '']);
  for (const m of text.matchAll(CODE_FIRST)) push(m.index, numeric(m[2] ?? '', m[3]), m[1]?.toUpperCase());
  for (const m of text.matchAll(WORD_AFTER)) {
    const whole = m[2] !== undefined ? numeric(m[2], m[3]) : parseNumberWord(m[1] ?? '');
    const cents = m[5] === undefined ? 0 : (parseNumberWord(m[5]) ?? 0);
    const value = whole === undefined ? undefined : cents > 0 && cents < 100 && m[3] === undefined ? whole + cents / 100 : whole;
    push(m.index, value === undefined ? undefined : Math.round(value * 100) / 100, currencyOfWord(m[4] ?? ''));
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.amount);
}
