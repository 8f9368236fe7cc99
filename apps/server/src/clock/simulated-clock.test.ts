import { describe, expect, it } from 'vitest';
import { SimulatedClock } from './simulated-clock.js';

describe('SimulatedClock', () => {
  it('fires due timers in time order, ties in the order set, with now() at each timer', async () => {
    const clock = new SimulatedClock(1_000);
    const fired: string[] = [];
    clock.setTimer(1_500, () => void fired.push(`b@${clock.now()}`));
    clock.setTimer(1_200, () => void fired.push(`a@${clock.now()}`));
    clock.setTimer(1_500, () => void fired.push(`c@${clock.now()}`));
    clock.setTimer(5_000, () => void fired.push('late'));
    await clock.advance(500);
    expect(fired).toEqual(['a@1200', 'b@1500', 'c@1500']);
    expect(clock.now()).toBe(1_500);
    expect(clock.pending).toBe(1);
  });

  it('fires a timer set by an async callback within the same advance when it falls due', async () => {
    const clock = new SimulatedClock(0);
    const fired: number[] = [];
    clock.setTimer(100, async () => {
      await Promise.resolve();
      fired.push(clock.now());
      clock.setTimer(clock.now() + 100, () => void fired.push(clock.now()));
      clock.setTimer(clock.now() + 10_000, () => void fired.push(-1));
    });
    await clock.advance(250);
    expect(fired).toEqual([100, 200]);
    expect(clock.now()).toBe(250);
  });

  it('runs a 20-minute hold with 60 s ticks without waiting', async () => {
    const clock = new SimulatedClock(0);
    let ticks = 0;
    const tick = () => {
      ticks++;
      clock.setTimer(clock.now() + 60_000, tick);
    };
    clock.setTimer(60_000, tick);
    await clock.advance(20 * 60_000);
    expect(ticks).toBe(20);
  });

  it('does not fire a cleared timer and rejects a negative advance', async () => {
    const clock = new SimulatedClock(0);
    let fired = false;
    const h = clock.setTimer(10, () => {
      fired = true;
    });
    clock.clearTimer(h);
    await clock.advance(100);
    expect(fired).toBe(false);
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
  });
});
