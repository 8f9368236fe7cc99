import { describe, expect, it } from 'vitest';
import { isPaying, isRecording } from './selectors.js';
import { initialState, isEnded } from './state.js';

describe('engine state selectors', () => {
  it('read the recording, card entry and end straight from the state', () => {
    const s = initialState();
    expect([isRecording(s), isPaying(s), isEnded(s)]).toEqual([false, false, false]);
    for (const recording of ['deferred', 'paused', 'stopped'] as const) expect(isRecording({ ...s, recording })).toBe(false);
    expect(isRecording({ ...s, recording: 'on' })).toBe(true);
    expect(isPaying({ ...s, paying: true })).toBe(true);
    expect(isEnded({ ...s, phase: 'ended' })).toBe(true);
  });
});
