export * from './classification.js';
export * from './clock.js';
export * from './engine.js';
export * from './events.js';
export * from './flow.js';
export * from './jurisdiction.js';
export * from './scenario.js';
export * from './wire.js';
