import type { EngineState } from './state.js';

/**
 * What the app asks of a call's engine state. The state is the single source of truth (issue 11):
 * the app reads it through these (and `isEnded` in state.ts) instead of keeping its own copy.
 */

/** Caller audio may be written now: the recording is on (not deferred, paused or stopped). */
export const isRecording = (state: EngineState): boolean => state.recording === 'on';

/** Card entry is under way: keys and speech are card data and reach nothing. */
export const isPaying = (state: EngineState): boolean => state.paying;
