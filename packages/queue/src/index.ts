// Public surface of @switchboard/queue: waiting lines, honest wait estimates, agent availability.

export * from './agent-brief.js';
export * from './create-queue.js';
export * from './estimate-wait.js';
export * from './plan-callback.js';
