/**
 * PCI DSS: card numbers never reach STT, the LLM, logs or any entity (shared/DESIGN.md).
 * A card-like run is 13–19 digits, optionally grouped by spaces or dashes, passing the Luhn
 * check. Masking happens before every other rule, so no extractor can return one.
 */
const DIGIT_RUN = /\d(?:[ -]?\d){12,18}(?!\d)/g;
export const CARD_MASK = '[card]';

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

export function isCardNumberLike(text: string): boolean {
  const digits = text.replace(/[ -]/g, '');
  return /^\d{13,19}$/.test(digits) && luhnValid(digits);
}

export function maskCardNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => (isCardNumberLike(run) ? CARD_MASK : run));
}

/** True when any digit run inside `text` looks like a card number (for validating LLM output). */
export function containsCardNumber(text: string): boolean {
  return maskCardNumbers(text) !== text;
}
