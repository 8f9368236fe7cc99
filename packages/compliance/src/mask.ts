/**
 * Card data never touches us (shared/DESIGN.md): apply `maskCardDigits` to every text that goes
 * to a sink — STT results, transcripts, LLM prompts, log lines, events, audit payloads, stored
 * rows. It masks any run of 12 or more digits, allowing separators a person or a recogniser puts
 * between groups ("4111 1111-1111.1111"): card numbers are 12–19 digits (ISO/IEC 7812). It does
 * not check Luhn, since a mistyped card number is still card data, and it masks long phone or
 * account numbers too — over-masking is the safe error.
 *
 * During a PCI pause nothing the caller keys is kept at all: the engine replaces each DTMF
 * digit with `maskAllDigits` (every digit → "*"), so CVV and expiry are covered as well.
 *
 * Limitation: digits spelled as words ("four one one one …") are not recognised here; the PCI
 * pause (no STT while card entry is open) is what protects spoken card numbers.
 */
export const MASK_CHAR = '*';

// A digit, then at least 11 more, each optionally preceded by up to three separator characters (" - ").
const CARD_LIKE = /\d(?:[ \t\-./_]{0,3}\d){11,}/g;
const HAS_CARD_LIKE = new RegExp(CARD_LIKE.source);

export function maskCardDigits(text: string): string {
  return text.replace(CARD_LIKE, (run) => run.replace(/\d/g, MASK_CHAR));
}

export function maskAllDigits(text: string): string {
  return text.replace(/\d/g, MASK_CHAR);
}

/** Masks card-like digit runs in every string inside a JSON-like value (keys included). */
export function maskCardDigitsDeep<T>(value: T): T {
  return maskValue(value) as T;
}

function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskCardDigits(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    // A card number stored as a number is still card data.
    const s = String(value);
    return HAS_CARD_LIKE.test(s) ? maskCardDigits(s) : value;
  }
  if (Array.isArray(value)) return value.map(maskValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskCardDigits(k), maskValue(v)]));
  }
  return value;
}
