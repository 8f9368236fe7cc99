import type { Flow } from '@switchboard/protocol';
import { containsPhrase } from './answers.js';

export type ConfirmationAnswer = 'yes' | 'no' | 'unclear';

// Beyond the flow's consent yes/no words: what callers say to "is that right?".
const YES = ['correct', 'right', 'that is right', "that's right", 'exactly', 'yes please', 'it is', 'that is it'];
const NO = ['wrong', 'not right', 'incorrect', 'not that', 'nope', 'that is not it', "that's not it", 'something else'];

/**
 * Reads the answer to "It sounds like billing. Is that right?". A no-phrase wins over any
 * yes-phrase ("no that's not right" holds "right"): a false yes queues the caller for the
 * wrong team, a false no only costs the keypad menu.
 */
export function confirmationAnswer(flow: Flow, text: string): ConfirmationAnswer {
  if ([...flow.consent.answers.no, ...NO].some((p) => containsPhrase(text, p))) return 'no';
  if ([...flow.consent.answers.yes, ...YES].some((p) => containsPhrase(text, p))) return 'yes';
  return 'unclear';
}

/** How the confirm prompt names an intent: "product-help" → "product help". */
export function spokenIntent(name: string): string {
  return name.replace(/[-_]+/g, ' ');
}
