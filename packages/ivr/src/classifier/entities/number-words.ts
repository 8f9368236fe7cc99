const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  a: 1,
  an: 1,
  once: 1,
  two: 2,
  twice: 2,
  three: 3,
  thrice: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  couple: 2,
  few: 3,
  dozen: 12,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};

const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };
/** Words that are a whole count on their own and never start a compound ("twice", "a dozen"). */
const ALONE = ['once', 'twice', 'thrice', 'couple', 'few', 'dozen'];
// Longest first, so "seventeen" is never read as "seven".
const byLength = (words: string[]) => [...words].sort((a, b) => b.length - a.length);
const BASIC = byLength([...Object.keys(TENS), ...Object.keys(UNITS).filter((w) => !ALONE.includes(w) && w !== 'a' && w !== 'an')]);
const PART = `(?:${byLength([...BASIC, ...Object.keys(SCALES)]).join('|')})(?![a-z])`;

/** Spelled-out numbers, compounds included ("three", "twenty-five", "one hundred and twenty", "twice"). */
export const WORD_NUMBER = `(?:(?:(?:${BASIC.join('|')})(?![a-z])|an?(?= ))(?:(?:[- ]| and )${PART})*|(?:${ALONE.join('|')})(?![a-z]))`;
/** Digits or spelled-out numbers. */
export const NUMBER_WORD = `(?:\\d+(?:\\.\\d+)?|${WORD_NUMBER})`;
export const ORDINAL_WORD = `(?:\\d+(?:st|nd|rd|th)|${Object.keys(ORDINALS).join('|')})`;

/**
 * "three" → 3, "twenty-five" → 25, "one hundred twenty" → 120, "a thousand two hundred and
 * forty-nine" → 1249, "12" → 12, "twice" → 2. Undefined when not a number, or when the words do
 * not make one number ("twelve ninety-nine" is a price read aloud, not 111: better no amount
 * than a wrong one). Looked at words-to-numbers (npm): unmaintained since 2017, and it reads
 * "twelve ninety nine" as 111.
 */
export function parseNumberWord(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const words = t.split(/[- ]+/).filter((w) => w !== 'and');
  if (words.length === 0) return undefined;
  if (words.length === 1 && words[0] !== undefined && words[0] in UNITS) return UNITS[words[0]];
  let total = 0;
  let group = 0;
  // What may follow: after a unit only a scale; after a tens word a unit below ten or a scale.
  let last: 'start' | 'unit' | 'teen' | 'tens' | 'hundred' | 'big' = 'start';
  for (const [i, w] of words.entries()) {
    if ((w === 'a' || w === 'an') && i === 0) {
      group = 1;
      last = 'unit';
    } else if (w in TENS) {
      if (last === 'unit' || last === 'teen' || last === 'tens') return undefined;
      group += TENS[w] ?? 0;
      last = 'tens';
    } else if (w in UNITS && !ALONE.includes(w) && w !== 'a' && w !== 'an') {
      const v = UNITS[w] ?? 0;
      if (last === 'unit' || last === 'teen' || (last === 'tens' && (v === 0 || v >= 10))) return undefined;
      group += v;
      last = v >= 10 ? 'teen' : last === 'tens' ? 'teen' : 'unit';
    } else if (w === 'hundred') {
      if (last === 'hundred' || last === 'start' || group >= 100) return undefined;
      group *= 100;
      last = 'hundred';
    } else if (w in SCALES) {
      if (last === 'start' || group === 0) return undefined;
      total += group * (SCALES[w] ?? 1);
      group = 0;
      last = 'big';
    } else return undefined;
  }
  return total + group;
}

export function parseOrdinalWord(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const numeric = /^(\d+)(st|nd|rd|th)$/.exec(t);
  if (numeric) return Number(numeric[1]);
  return ORDINALS[t];
}
