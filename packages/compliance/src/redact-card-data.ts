/**
 * Card data never stored (PCI DSS 3.3/3.4; issue 13): finds the card number (PAN), its expiry
 * and its CVV in what a caller says or types, so the call runtime can mask them before the text
 * reaches the call log, the outbox, a transcript, a handoff brief, an LLM or a log line.
 *
 *   redactCardData('card 4111 1111 1111 1111 exp 12/28 cvv 123, $1,249.00 on 03/12/2026')
 *   // → { text: 'card **** **** **** **** exp ***** cvv ***, $1,249.00 on 03/12/2026', found: true, … }
 *
 * What counts:
 * - PAN: 13–19 digits passing the Luhn check, as digit groups ("4111 1111-1111 1111"), one
 *   digit word at a time in the shipped languages ("four one one one …", "vier eins …",
 *   "double four"), or continued from the previous input (`carry`): a caller who reads the
 *   number in pieces has every piece after the first masked once the pieces together are more
 *   than the six leading digits PCI DSS allows to be shown.
 * - More than six digits right after a card word ("my card number is 4111 1111 …").
 * - Everything else in the same run of digits as a PAN ("4111…1111 12 28 123").
 * - Expiry: MM/YY or MM/YYYY right after a PAN or after an expiry word ("expires", "gültig bis").
 * - CVV: 3–4 digits right after a PAN or after a CVV word ("cvv", "security code", "Prüfnummer").
 * Amounts (a currency sign or word, thousands separators) and full dates (day, month and year)
 * are never masked: they carry the caller's intent.
 *
 * Known gaps: numbers spoken as tens ("forty-one eleven") are not read as digits; an expiry
 * spoken as words ("December twenty-eight") is masked only after an expiry word.
 */
import { CARD_WORDS, CURRENCY_WORDS, CVV_WORDS, DIGIT_WORDS, EXPIRY_WORDS, MONTHS, REPEATERS } from './card-words.js';
export const CARD_MASK_CHAR = '*';

export type CardDataKind = 'pan' | 'expiry' | 'cvv';

export interface CardSpan {
  start: number;
  end: number;
  kind: CardDataKind;
}

/** What one input leaves for the next: never durable, never logged (it may hold card digits). */
export interface CardCarry {
  /** Digits of the run the previous input ended with (at most 19). */
  digits: string;
  /** Inputs left in which a bare expiry or CVV is still masked after a PAN. */
  cardContextInputs: number;
  /** When the last key was pressed, while keys follow each other (see `screenKey`). */
  lastKeyAtMs: number | null;
}

export const NO_CARD_CARRY: CardCarry = { digits: '', cardContextInputs: 0, lastKeyAtMs: null };

/** Keys closer together than this are one keyed string (a number), not a menu choice. */
export const KEYED_STRING_GAP_MS = 2_000;

/**
 * Keypad digits outside menus are never stored (issue 13): a menu choice is one key; a key
 * pressed within KEYED_STRING_GAP_MS of the previous one, with no prompt finished in between
 * (see `screenCallerInput`), belongs to a keyed string — a card, account or phone number — and
 * is dropped before the call log. The menu has already acted on
 * the first key, and one digit is no card data.
 */
export function screenKey(carry: CardCarry, atMs: number): { menuKey: boolean; carry: CardCarry } {
  const inString = carry.lastKeyAtMs !== null && atMs - carry.lastKeyAtMs < KEYED_STRING_GAP_MS;
  return { menuKey: !inString, carry: { ...carry, lastKeyAtMs: atMs } };
}

/** PCI DSS 3.4: at most the first six digits of a PAN may be shown. */
const SHOWN_LEADING_DIGITS = 6;
/** Inputs after a PAN in which a bare expiry or CVV is still taken as card data. */
const CARD_CONTEXT_INPUTS = 2;
/** Tokens after a PAN or a keyword within which an expiry or CVV is looked for. */
const NEAR_TOKENS = 6;

type TokenKind = 'digits' | 'sep' | 'expiry' | 'other';

interface Token {
  start: number;
  end: number;
  word: string;
  kind: TokenKind;
  /** For `digits`: the digits it stands for. */
  digits: string;
}

const EDGE_PUNCT = /^[\s,;:!?()"'«»¿¡]+|[\s,;:!?()"'«»¿¡.]+$/gu;

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const raw = m[0];
    const core = raw.replace(EDGE_PUNCT, '');
    const lead = raw.indexOf(core);
    const start = (m.index ?? 0) + Math.max(0, lead);
    const token: Token = { start, end: start + core.length, word: core.toLowerCase(), kind: 'other', digits: '' };
    if (core === '') continue;
    if (/^\d+(?:-\d+)*$/.test(core) || /^\d{4}(?:\.\d{4}){2,4}$/.test(core)) {
      token.kind = 'digits';
      token.digits = core.replace(/\D/g, '');
    } else if (DIGIT_WORDS[token.word] !== undefined) {
      token.kind = 'digits';
      token.digits = DIGIT_WORDS[token.word] ?? '';
    } else if (/^[-–—]$|^dash$/.test(token.word)) token.kind = 'sep';
    else if (/^(0?[1-9]|1[0-2])\s*[/-]\s*(\d{2}|20\d{2})$/.test(core)) token.kind = 'expiry';
    else if (/\p{L}/u.test(core) && /\d/.test(core)) {
      // "acc-4111111111111111", "card:4111…": the digits inside a word are read on their own.
      for (const d of core.matchAll(/\d+/g)) {
        const at = start + (d.index ?? 0);
        tokens.push({ start: at, end: at + d[0].length, word: d[0], kind: 'digits', digits: d[0] });
      }
      continue;
    }
    tokens.push(token);
  }
  // "double four" → "44": the repeater joins the digit word after it.
  for (let i = 0; i < tokens.length - 1; i++) {
    const times = REPEATERS[tokens[i]?.word ?? ''];
    const next = tokens[i + 1];
    const here = tokens[i];
    if (times && here && next?.kind === 'digits' && next.digits.length === 1) {
      here.kind = 'digits';
      here.digits = next.digits.repeat(times - 1);
    }
  }
  // An amount is never card data: "1249 dollars", "1,249", "$12".
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (t?.kind === 'digits' && next !== undefined && CURRENCY_WORDS.has(next.word)) t.kind = 'other';
  }
  return tokens;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Runs of digit tokens (a dash between groups is part of the run), as token index ranges. */
function digitRuns(tokens: Token[]): [number, number][] {
  const runs: [number, number][] = [];
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i]?.kind !== 'digits') {
      i++;
      continue;
    }
    let j = i;
    while (
      j + 1 < tokens.length &&
      (tokens[j + 1]?.kind === 'digits' || (tokens[j + 1]?.kind === 'sep' && tokens[j + 2]?.kind === 'digits'))
    )
      j++;
    runs.push([i, j]);
    i = j + 1;
  }
  return runs;
}

const runDigits = (tokens: Token[], from: number, to: number) =>
  tokens
    .slice(from, to + 1)
    .map((t) => t.digits)
    .join('');

/** Whether whole tokens inside [from, to], after some tail of `prefix`, form a Luhn-valid 13–19 digit PAN. */
function hasPan(tokens: Token[], from: number, to: number, prefix = ''): boolean {
  for (let i = from; i <= to; i++) {
    let digits = '';
    for (let j = i; j <= to; j++) {
      digits += tokens[j]?.digits ?? '';
      if (digits.length > 19) break;
      const tails = i === from ? prefix.length : 0;
      for (let p = 0; p <= tails; p++) {
        const all = prefix.slice(prefix.length - p) + digits;
        if (p > 0 && all.length > 19) break;
        if (all.length >= 13 && all.length <= 19 && luhnValid(all)) return true;
      }
    }
  }
  return false;
}

function phraseAt(tokens: Token[], i: number, phrases: readonly string[]): number {
  for (const phrase of phrases) {
    const words = phrase.split(' ');
    if (words.every((w, k) => tokens[i + k]?.word === w)) return words.length;
  }
  return 0;
}

/** Finds card data in one input; `carry` links it to the inputs before it. */
export function findCardData(text: string, carry: CardCarry = NO_CARD_CARRY): { spans: CardSpan[]; carry: CardCarry } {
  const tokens = tokenise(text);
  const kinds = new Map<number, CardDataKind>();
  const runs = digitRuns(tokens);
  let panEnd = -1;
  let sawPan = false;

  for (const [from, to] of runs) {
    const continues = from === 0 && carry.digits !== '';
    // The whole input is this one run: a piece of a number read out in parts.
    const onlyRun = tokens.every((t, k) => (k >= from && k <= to) || t.kind === 'sep');
    const tooLong = (continues ? carry.digits.length : 0) + runDigits(tokens, from, to).length > SHOWN_LEADING_DIGITS;
    // "my card number is 4111 1111 …": after a card word, more than six digits are card data.
    const afterCardWord = tokens.slice(Math.max(0, from - 4), from).some((t) => CARD_WORDS.has(t.word));
    const pieceOfCard = (continues && onlyRun) || afterCardWord;
    if (hasPan(tokens, from, to, continues ? carry.digits : '') || (pieceOfCard && tooLong)) {
      // Everything in a run holding a PAN is card data ("4111 … 1111 12 28 123").
      for (let k = from; k <= to; k++) kinds.set(k, 'pan');
      panEnd = Math.max(panEnd, to);
      sawPan = true;
    }
  }

  // Expiry and CVV: after a PAN (here or in the last inputs) or after their own keyword.
  const inCardContext = (i: number) =>
    (panEnd >= 0 && i > panEnd && i - panEnd <= NEAR_TOKENS) || (panEnd < 0 && carry.cardContextInputs > 0 && i < NEAR_TOKENS);
  for (let i = 0; i < tokens.length; i++) {
    const expiryWord = phraseAt(tokens, i, EXPIRY_WORDS);
    const cvvWord = phraseAt(tokens, i, CVV_WORDS);
    if (expiryWord > 0) markExpiryAfter(tokens, i + expiryWord, kinds);
    if (cvvWord > 0) markCvvAfter(tokens, i + cvvWord, kinds);
    const t = tokens[i];
    if (t === undefined || kinds.has(i) || !inCardContext(i)) continue;
    if (t.kind === 'expiry') kinds.set(i, 'expiry');
    else if (isCvvToken(tokens, i)) kinds.set(i, 'cvv');
  }

  const spans: CardSpan[] = [...kinds.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([i, kind]) => ({ start: tokens[i]?.start ?? 0, end: tokens[i]?.end ?? 0, kind }));
  return { spans, carry: nextCarry(tokens, runs, carry, sawPan || spans.length > 0) };
}

function isCvvToken(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (t?.kind !== 'digits' || !/^\d{3,4}$/.test(t.digits) || t.word.length !== t.digits.length) return false;
  // "March 12, 2026", "the 3rd of May 2026": a year next to a month is a date.
  return !MONTHS.has(tokens[i - 1]?.word ?? '') && !MONTHS.has(tokens[i - 2]?.word ?? '');
}

function markExpiryAfter(tokens: Token[], from: number, kinds: Map<number, CardDataKind>): void {
  for (let i = from; i < Math.min(tokens.length, from + 4); i++) {
    const t = tokens[i];
    if (t === undefined) return;
    if (t.kind === 'expiry') {
      kinds.set(i, 'expiry');
      return;
    }
    // "expires 12 28", "gültig bis Dezember 2028": the month and the year.
    const isMonth = MONTHS.has(t.word) || (t.kind === 'digits' && /^(0?[1-9]|1[0-2])$/.test(t.digits));
    const year = tokens[i + 1];
    if (isMonth && year?.kind === 'digits' && /^(\d{2}|20\d{2})$/.test(year.digits)) {
      kinds.set(i, 'expiry');
      kinds.set(i + 1, 'expiry');
      return;
    }
  }
}

function markCvvAfter(tokens: Token[], from: number, kinds: Map<number, CardDataKind>): void {
  for (let i = from; i < Math.min(tokens.length, from + 4); i++) {
    const t = tokens[i];
    if (t?.kind !== 'digits') continue;
    // "one two three": three digit words in a row are one code.
    let j = i;
    let digits = t.digits;
    while (digits.length < 4 && tokens[j + 1]?.kind === 'digits' && (tokens[j + 1]?.digits.length ?? 0) === 1)
      digits += tokens[++j]?.digits ?? '';
    if (/^\d{3,4}$/.test(digits)) for (let k = i; k <= j; k++) kinds.set(k, 'cvv');
    return;
  }
}

function nextCarry(tokens: Token[], runs: [number, number][], carry: CardCarry, sawCard: boolean): CardCarry {
  const last = runs.at(-1);
  const endsWithRun = last !== undefined && last[1] === tokens.length - 1;
  let digits = '';
  if (endsWithRun) {
    const own = runDigits(tokens, last[0], last[1]);
    // A bare piece continues the pieces before it.
    digits = (last[0] === 0 ? carry.digits : '') + own;
  }
  return {
    digits: digits.slice(-19),
    cardContextInputs: sawCard ? CARD_CONTEXT_INPUTS : Math.max(0, carry.cardContextInputs - 1),
    lastKeyAtMs: null,
  };
}

/** Masks every character of each span that is a digit or a digit word; spacing is kept. */
export function redactCardData(text: string, carry: CardCarry = NO_CARD_CARRY): { text: string; carry: CardCarry; found: boolean } {
  const found = findCardData(text, carry);
  let out = text;
  for (const span of [...found.spans].reverse()) {
    const piece = out.slice(span.start, span.end);
    const masked = /\d/.test(piece) ? piece.replace(/\d/g, CARD_MASK_CHAR) : CARD_MASK_CHAR;
    out = out.slice(0, span.start) + masked + out.slice(span.end);
  }
  return { text: out, carry: found.carry, found: found.spans.length > 0 };
}

/**
 * The one screen caller input passes where it enters a call (issue 13), before the call log,
 * the classifier or LLM, a transcript or a brief sees it: speech and typed text are redacted,
 * keys of a keyed string are dropped (`input: null`), anything else passes unchanged.
 */
export function screenCallerInput<I extends { type: string }>(
  carry: CardCarry,
  input: I,
  atMs: number,
): { input: I | null; carry: CardCarry } {
  if (input.type === 'caller.said' && 'text' in input && typeof input.text === 'string') {
    const redacted = redactCardData(input.text, carry);
    return { input: redacted.found ? { ...input, text: redacted.text } : input, carry: redacted.carry };
  }
  if (input.type === 'caller.dtmf') {
    const key = screenKey(carry, atMs);
    return { input: key.menuKey ? input : null, carry: key.carry };
  }
  // A prompt played to the end asks a new question: the next key is a menu choice again.
  if (input.type === 'prompt.finished') return { input, carry: { ...carry, lastKeyAtMs: null } };
  return { input, carry };
}
