import type { CallEvent } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { findMatch, matchesSubset } from './match-expect.js';

describe('matchesSubset', () => {
  it('matches on the named fields only, deep into objects', () => {
    const event = {
      type: 'handoff',
      atMs: 5,
      to: 'billing',
      context: { intent: 'billing', entities: { timeframe: 'last week' }, summary: 's' },
    };
    expect(matchesSubset(event, { type: 'handoff' })).toBe(true);
    expect(matchesSubset(event, { type: 'handoff', context: { entities: { timeframe: 'last week' } } })).toBe(true);
    expect(matchesSubset(event, { type: 'handoff', context: { entities: { timeframe: 'yesterday' } } })).toBe(false);
    expect(matchesSubset(event, { type: 'handoff', missing: undefined })).toBe(false);
    expect(matchesSubset(event, { to: 'billing', atMs: 5 })).toBe(true);
  });

  it('compares arrays element by element with equal length, and primitives by value', () => {
    expect(matchesSubset({ amounts: [{ value: 5, currency: 'USD' }] }, { amounts: [{ value: 5 }] })).toBe(true);
    expect(matchesSubset({ amounts: [{ value: 5 }, { value: 6 }] }, { amounts: [{ value: 5 }] })).toBe(false);
    expect(matchesSubset({ ok: false }, { ok: 'false' })).toBe(false);
    expect(matchesSubset({ error: null }, { error: null })).toBe(true);
    expect(matchesSubset({ n: 1 }, { n: { deep: 1 } })).toBe(false);
  });

  it('findMatch returns the first event holding the expectation', () => {
    const events = [
      { type: 'prompt', atMs: 0, id: 'a', text: 'x' },
      { type: 'prompt', atMs: 1, id: 'b', text: 'y' },
    ] as CallEvent[];
    expect(findMatch(events, { type: 'prompt', id: 'b' })).toBe(events[1]);
    expect(findMatch(events, { type: 'intent' })).toBeUndefined();
  });
});
