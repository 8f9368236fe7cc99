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

/** The words this module reads, for building regexes. */
/** Spelled-out numbers only ("three", "twenty-five", "twice"). */
export const WORD_NUMBER = `(?:(?:${Object.keys(TENS).join('|')})(?:[- ](?:${Object.keys(UNITS).join('|')}))?|${Object.keys(UNITS).join('|')})`;
/** Digits or spelled-out numbers. */
export const NUMBER_WORD = `(?:\\d+(?:\\.\\d+)?|${WORD_NUMBER})`;
export const ORDINAL_WORD = `(?:\\d+(?:st|nd|rd|th)|${Object.keys(ORDINALS).join('|')})`;

/** "three" → 3, "twenty-five" → 25, "12" → 12, "twice" → 2; undefined when not a number. */
export function parseNumberWord(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t in UNITS) return UNITS[t];
  const [tens, unit] = t.split(/[- ]/);
  if (tens && tens in TENS) return (TENS[tens] ?? 0) + (unit ? (UNITS[unit] ?? 0) : 0);
  return undefined;
}

export function parseOrdinalWord(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const numeric = /^(\d+)(st|nd|rd|th)$/.exec(t);
  if (numeric) return Number(numeric[1]);
  return ORDINALS[t];
}
