import fc from 'fast-check';
import { luhnValid } from '../../src/redact-card-data.js';

/** Test data only (not in the package barrel): Luhn-valid PANs and the ways people say them. */
const digit = fc.constantFrom(...'0123456789');

export const arbitraryPan = fc
  .tuple(fc.constantFrom('4', '51', '37', '6011', '35'), fc.array(digit, { minLength: 12, maxLength: 18 }))
  .map(([prefix, rest]) => {
    const body = (prefix + rest.join('')).slice(0, Math.max(12, Math.min(18, prefix.length + rest.length)));
    for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
    throw new Error('unreachable: one check digit always fits');
  });

const WORDS: Record<string, string[]> = {
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
  de: ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'],
  fr: ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf'],
  es: ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve'],
  it: ['zero', 'uno', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove'],
  nl: ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen'],
};

export type Spelling = 'plain' | 'spaced' | 'dashed' | 'digits-spaced' | 'words';
export const arbitrarySpelling = fc.constantFrom<Spelling>('plain', 'spaced', 'dashed', 'digits-spaced', 'words');
export const arbitraryLanguage = fc.constantFrom(...Object.keys(WORDS));

/** A PAN written the way a recogniser or a typing caller writes it. */
export function spell(pan: string, spelling: Spelling, language = 'en'): string {
  const groups = pan.match(/.{1,4}/g) ?? [pan];
  switch (spelling) {
    case 'plain':
      return pan;
    case 'spaced':
      return groups.join(' ');
    case 'dashed':
      return groups.join('-');
    case 'digits-spaced':
      return [...pan].join(' ');
    case 'words':
      return [...pan].map((d) => WORDS[language]?.[Number(d)] ?? d).join(' ');
  }
}

/** Splits a spelled card into 2–4 pieces at word boundaries (a caller reading it in parts). */
export function splitPieces(spelled: string, cuts: number[]): string[] {
  const words = spelled.split(' ');
  if (words.length < 2) return [spelled];
  const at = [...new Set(cuts.map((c) => 1 + (c % (words.length - 1))))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of at) {
    pieces.push(words.slice(from, cut).join(' '));
    from = cut;
  }
  pieces.push(words.slice(from).join(' '));
  return pieces.filter(Boolean);
}

/** Amounts and dates as callers say and type them: none may ever be masked. */
export const arbitraryAmountOrDate = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 }))
    .map(([a, b, c]) => `$${a},${String(b).padStart(3, '0')}.${String(c).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.constantFrom('dollars', 'euros', 'pounds')).map(([a, cur]) => `${a} ${cur}`),
  fc
    .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: 2030 }))
    .map(([d, m, y]) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`),
  fc
    .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: 2030 }))
    .map(([d, m, y]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc
    .tuple(fc.constantFrom('March', 'December', 'May'), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 2000, max: 2030 }))
    .map(([m, d, y]) => `${m} ${d}, ${y}`),
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, c]) => `€${a}.${String(c).padStart(2, '0')}`),
);

/** Digits in a sink text, digit words read as digits: what a reader could reassemble. */
export function digitStream(text: string): string {
  const all = Object.values(WORDS);
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .map((w) => {
      if (/^\d+$/.test(w)) return w;
      for (const words of all) {
        const i = words.indexOf(w);
        if (i >= 0) return String(i);
      }
      return '';
    })
    .join('');
}
