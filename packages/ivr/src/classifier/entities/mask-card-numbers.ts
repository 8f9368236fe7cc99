import { findCardData, luhnValid } from '@switchboard/compliance/redact';

/**
 * PCI DSS: card numbers never reach STT, the LLM, logs or any entity (shared/DESIGN.md).
 * Detection is the one in @switchboard/compliance (redact-card-data.ts): a Luhn-valid 13–19
 * digit PAN in digits or digit words, with the expiry and CVV beside it; amounts and dates are
 * never taken for card data. Here each card-data stretch becomes one `[card]`, so the
 * classifier and the LLM read "my card [card] was charged twice". Masking happens before every
 * other rule, so no extractor can return one.
 */
export const CARD_MASK = '[card]';

export { luhnValid };

export function isCardNumberLike(text: string): boolean {
  const digits = text.replace(/[ -]/g, '');
  return /^\d{13,19}$/.test(digits) && luhnValid(digits);
}

export function maskCardNumbers(text: string): string {
  const { spans } = findCardData(text);
  // Neighbouring spans with only spaces or dashes between them are one stretch of card data.
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && /^[\s\-–]*$/.test(text.slice(last.end, span.start))) last.end = span.end;
    else merged.push({ start: span.start, end: span.end });
  }
  let out = text;
  for (const { start, end } of merged.reverse()) out = out.slice(0, start) + CARD_MASK + out.slice(end);
  return out;
}

/** True when `text` holds card data (for validating LLM output). */
export function containsCardNumber(text: string): boolean {
  return findCardData(text).spans.length > 0;
}
