import { describe, expect, it } from 'vitest';
import { planCallback } from './plan-callback.js';

const utc = (iso: string) => Date.parse(iso);

describe('planCallback', () => {
  it('calls back at once inside the callee’s local hours', () => {
    const plan = planCallback({ requestedAtMs: utc('2026-03-10T13:00:00Z'), timeZone: 'Europe/Berlin' });
    expect(plan).toMatchObject({ ok: true, callAtMs: utc('2026-03-10T13:00:00Z'), localTime: '10/03/2026, 14:00' });
  });

  it('waits for 08:00 local when the request comes late at night (New York, 23:30)', () => {
    const plan = planCallback({ requestedAtMs: utc('2026-03-11T03:30:00Z'), timeZone: 'America/New_York' });
    expect(plan).toMatchObject({ ok: true, localTime: '11/03/2026, 08:00' });
    expect(plan.ok && plan.callAtMs).toBe(utc('2026-03-11T12:00:00Z')); // EDT, after the 8 March DST change
  });

  it('finds 08:00 across a DST change (Europe/London, clocks go forward 29 March 2026)', () => {
    const plan = planCallback({ requestedAtMs: utc('2026-03-28T22:00:00Z'), timeZone: 'Europe/London' });
    expect(plan.ok && plan.callAtMs).toBe(utc('2026-03-29T07:00:00Z')); // 08:00 BST
  });

  it('honours a delay and a custom window', () => {
    const plan = planCallback({
      requestedAtMs: utc('2026-06-01T08:50:00Z'),
      timeZone: 'UTC',
      delayMs: 20 * 60_000,
      fromHour: 9,
      toHour: 17,
    });
    expect(plan).toMatchObject({ ok: true, callAtMs: utc('2026-06-01T09:10:00Z') });
  });

  it('says so when no window opens before the promised deadline', () => {
    expect(planCallback({ requestedAtMs: utc('2026-06-01T22:00:00Z'), timeZone: 'UTC', withinHours: 2 })).toEqual({
      ok: false,
      reason: 'no-window-before-deadline',
    });
  });

  it('returns an outcome, not an exception, for a bad zone or window', () => {
    expect(planCallback({ requestedAtMs: 0, timeZone: 'Mars/Olympus' })).toEqual({ ok: false, reason: 'bad-time-zone' });
    expect(planCallback({ requestedAtMs: 0, timeZone: 'UTC', fromHour: 21, toHour: 8 })).toEqual({ ok: false, reason: 'bad-window' });
  });
});
