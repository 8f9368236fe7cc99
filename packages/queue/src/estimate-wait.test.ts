import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateWaitSeconds } from './estimate-wait.js';

describe('estimateWaitSeconds', () => {
  it('divides the work ahead among the agents, unlike position × 180 s', () => {
    // 6th in line, 3 agents all busy, 4-minute calls: 6 finishes at 3 per 4 min → 8 min.
    expect(estimateWaitSeconds({ position: 6, staffed: 3, available: 0, averageHandleSeconds: 240 })).toBe(480);
    // The lesson's formula would say 1080 s whatever the staffing.
    expect(estimateWaitSeconds({ position: 6, staffed: 6, available: 0, averageHandleSeconds: 180 })).toBe(180);
  });

  it('is zero when an idle agent can take the caller now', () => {
    expect(estimateWaitSeconds({ position: 2, staffed: 4, available: 2, averageHandleSeconds: 300 })).toBe(0);
    expect(estimateWaitSeconds({ position: 3, staffed: 4, available: 2, averageHandleSeconds: 300 })).toBe(75);
  });

  it('refuses to invent a number when nobody staffs the queue', () => {
    expect(estimateWaitSeconds({ position: 1, staffed: 0, available: 0, averageHandleSeconds: 300 })).toBeNull();
  });

  it('never falls as position grows, never rises as agents are added', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 1, max: 3600 }),
        (position, staffed, available, aht) => {
          const base = { position, staffed, available, averageHandleSeconds: aht };
          const here = estimateWaitSeconds(base) as number;
          expect(here).toBeGreaterThanOrEqual(0);
          expect(estimateWaitSeconds({ ...base, position: position + 1 }) as number).toBeGreaterThanOrEqual(here);
          expect(estimateWaitSeconds({ ...base, staffed: staffed + 1 }) as number).toBeLessThanOrEqual(here);
        },
      ),
    );
  });
});
