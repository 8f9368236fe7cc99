export * from './call-placer.js';
