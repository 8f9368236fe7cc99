// Public surface of @switchboard/ivr; each area appends its exports here.
export * from './engine/types.js';
export * from './flow/parse-flow.js';
export * from './engine/state.js';
export { step } from './engine/step.js';
export { ANNOUNCEMENT_PROMPT } from './engine/consent.js';
export { handoffContext } from './engine/handoff-context.js';
