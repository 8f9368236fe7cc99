import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    const max = (n: number) => backoffDelayMs(n, { initialMs: 100, maxMs: 1000 }, () => 1);
    expect([0, 1, 2, 3, 4, 10].map(max)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('stays within [ceiling/4, ceiling] for any attempt and random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        const d = backoffDelayMs(n, { initialMs: 250, maxMs: 5000 }, () => r);
        const ceiling = Math.min(5000, 250 * 2 ** n);
        expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 4));
        expect(d).toBeLessThanOrEqual(ceiling);
      }),
    );
  });
});
