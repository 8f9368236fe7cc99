/**
 * Text normalisation shared by the model, sentiment and entity rules: lower case, no accents,
 * straight apostrophes, contractions and chat shorthand spelled out. English-first; the
 * tables are data, so another language adds its own without touching the model.
 */

const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan'?t\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bain'?t\b/g, 'is not'],
  [/\b(\w+)n't\b/g, '$1 not'],
  [/\b(do|does|did|is|are|was|were|has|have|had|could|would|should)nt\b/g, '$1 not'],
  [/\bi'?m\b/g, 'i am'],
  [/\b(\w+)'re\b/g, '$1 are'],
  [/\b(\w+)'ve\b/g, '$1 have'],
  [/\b(\w+)'ll\b/g, '$1 will'],
  [/\b(\w+)'d\b/g, '$1 would'],
  [/\b(it|that|what|there|here|who|where|he|she)'s\b/g, '$1 is'],
  [/'s\b/g, ''],
];

/** Chat/phone shorthand → words (whole tokens only). */
const SHORTHAND: Record<string, string> = {
  u: 'you',
  ur: 'your',
  r: 'are',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
  ty: 'thank you',
  wanna: 'want to',
  gonna: 'going to',
  gotta: 'got to',
  wat: 'what',
  wot: 'what',
  whats: 'what is',
  wheres: 'where is',
  hows: 'how is',
  im: 'i am',
  ive: 'i have',
  id: 'i would',
  dont: 'do not',
  cant: 'can not',
  wont: 'will not',
  didnt: 'did not',
  doesnt: 'does not',
  isnt: 'is not',
  cannot: 'can not',
  acct: 'account',
  msg: 'message',
  asap: 'as soon as possible',
};

export function normalizeText(text: string): string {
  let out = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'");
  for (const [re, to] of CONTRACTIONS) out = out.replace(re, to);
  return out;
}

/** Word tokens of normalised text, shorthand expanded. Digits stay (they are features too). */
export function tokenize(text: string): string[] {
  const words = normalizeText(text).match(/[a-z0-9]+/g) ?? [];
  const out: string[] = [];
  for (const word of words) {
    const expanded = SHORTHAND[word];
    if (expanded) out.push(...expanded.split(' '));
    else out.push(word);
  }
  return out;
}

/**
 * A light English suffix stripper (after Porter step 1, much simplified): enough to make
 * "charged/charges/charging" one feature. Char n-grams cover what it misses.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.length > 3 && w.at(-1) === w.at(-2) && !/[lsz]/.test(w.at(-1) ?? '')) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}
