import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SampleWindow } from './sample-window';

describe('SampleWindow', () => {
  it('reports nearest-rank percentiles of what it holds', () => {
    const w = new SampleWindow(1000);
    for (let i = 1; i <= 100; i++) w.add(i);
    expect(w.percentiles()).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
  });

  it('keeps only the newest `capacity` samples', () => {
    const w = new SampleWindow(4);
    for (const v of [100, 100, 1, 2, 3, 4]) w.add(v);
    expect(w.percentiles().max).toBe(4);
    expect(w.total).toBe(6);
  });

  it('p50 ≤ p99 ≤ max and all lie within the samples, for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
        const w = new SampleWindow(512);
        for (const x of xs) w.add(x);
        const p = w.percentiles();
        expect(p.p50).toBeLessThanOrEqual(p.p99);
        expect(p.p99).toBeLessThanOrEqual(p.max);
        expect(xs).toContain(p.p50);
        expect(p.max).toBe(Math.max(...xs));
      }),
    );
  });

  it('is empty after clear()', () => {
    const w = new SampleWindow(8);
    w.add(3);
    w.clear();
    expect(w.percentiles().count).toBe(0);
  });
});
