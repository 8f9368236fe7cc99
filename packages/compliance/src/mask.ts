import { redactCardData } from './redact-card-data.js';

/**
 * Card data never touches us (shared/DESIGN.md): apply `maskCardDigits` to every text that goes
 * to a sink — STT results, transcripts, LLM prompts, log lines, events, audit payloads, stored
 * rows. It is the last line of defence: the call runtime already redacts caller input where it
 * enters (redact-card-data.ts, with the context of the inputs before it). The rule is the same:
 * a Luhn-valid 13–19 digit PAN (digits or digit words), the expiry and CVV beside it; amounts
 * and dates are never masked (issue 13: "$1,249.00 on 03/12/2026" keeps the caller's intent).
 *
 * During a PCI pause nothing the caller keys or says is kept at all (the runtime drops it).
 */
export const MASK_CHAR = '*';

export function maskCardDigits(text: string): string {
  return redactCardData(text).text;
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
    const masked = maskCardDigits(s);
    return masked === s ? value : masked;
  }
  if (Array.isArray(value)) return value.map(maskValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskCardDigits(k), maskValue(v)]));
  }
  return value;
}
