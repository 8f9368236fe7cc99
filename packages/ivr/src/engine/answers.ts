import type { Flow } from '@switchboard/protocol';

export type ConsentAnswer = 'yes' | 'no' | 'unclear';

/** Lower-case words separated by single spaces; apostrophes kept ("don't"), other punctuation dropped. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whole-phrase match on word boundaries, so "no" does not match "know" or "nothing". */
export function containsPhrase(text: string, phrase: string): boolean {
  const needle = normalise(phrase);
  if (needle === '') return false;
  return ` ${normalise(text)} `.includes(` ${needle} `);
}

/**
 * Reads a spoken consent answer. A refusal or a withdrawal phrase wins over any yes-word, and
 * both together are unclear: a false "granted" stores audio unlawfully, a false "declined" only
 * loses a recording (GDPR Art. 7(2): consent must be clearly distinguishable).
 */
export function consentAnswer(flow: Flow, text: string): ConsentAnswer {
  const yes = flow.consent.answers.yes.some((p) => containsPhrase(text, p));
  const no = flow.consent.answers.no.some((p) => containsPhrase(text, p)) || isWithdrawal(flow, text);
  if (no && yes) return 'unclear';
  if (no) return 'no';
  if (yes) return 'yes';
  return 'unclear';
}

/** "stop recording", "don't record" … (flow.consent.withdraw). */
export function isWithdrawal(flow: Flow, text: string): boolean {
  return flow.consent.withdraw.some((p) => containsPhrase(text, p));
}
