export * from './frames.js';
export * from './g711.js';
export * from './pcm.js';
export * from './resample.js';
export * from './silero-vad.js';
export * from './speech-segmenter.js';
export * from './wav.js';
