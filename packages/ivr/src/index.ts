// Public surface of @switchboard/ivr; each area appends its exports here.
export * from './engine/types.js';
export * from './flow/parse-flow.js';
export * from './engine/state.js';
export { step } from './engine/step.js';
export { ANNOUNCEMENT_PROMPT } from './engine/consent.js';
export { consentLexicon } from './engine/consent-lexicon.js';
export { handoffContext } from './engine/handoff-context.js';
export { type ConfirmationAnswer, confirmationAnswer } from './engine/confirmation.js';
export * from './classifier/classifier.js';
export * from './classifier/embedded-classifier.js';
export * from './classifier/fallback-classifier.js';
export * from './classifier/detect-sentiment.js';
export * from './classifier/entities/extract-entities.js';
export * from './classifier/entities/mask-card-numbers.js';
export * from './classifier/evaluate-classifier.js';
export * from './classifier/llm-prompt.js';
export * from './engine/selectors.js';
