import type { Flow } from '@switchboard/protocol';
import { type ConsentReading, isObjection, normalise, readConsentAnswer } from './consent-answer.js';

export type { ConsentAnswer } from './consent-answer.js';
export { normalise };

/** Whole-phrase match on word boundaries, so "no" does not match "know" or "nothing". */
export function containsPhrase(text: string, phrase: string): boolean {
  const needle = normalise(phrase);
  if (needle === '') return false;
  return ` ${normalise(text)} `.includes(` ${needle} `);
}

/**
 * Reads a spoken consent answer in the consent language (consent-answer.ts decides from the
 * whole answer). The flow's own answer words extend the lexicon of the flow's language only.
 */
export function consentAnswer(flow: Flow, text: string, language: string = flow.language): ConsentReading {
  const base = (l: string) => l.toLowerCase().split('-')[0];
  const extra = base(language) === base(flow.language) ? flow.consent.answers : {};
  return readConsentAnswer(text, language, extra);
}

/** An objection to recording in any shipped language, or one of the flow's own withdraw phrases. */
export function isWithdrawal(flow: Flow, text: string): boolean {
  return isObjection(text) || flow.consent.withdraw.some((p) => containsPhrase(text, p));
}
