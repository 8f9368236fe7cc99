// Public surface of @switchboard/ivr; each area appends its exports here.
export * from './engine/types.js';
export * from './flow/parse-flow.js';
