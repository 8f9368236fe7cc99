import { describe, expect, it } from 'vitest';
import { createRealClock } from './real-clock.js';

describe('createRealClock', () => {
  it('fires a timer once its time is reached and never fires a cleared one', async () => {
    const clock = createRealClock();
    const fired: string[] = [];
    const cleared = clock.setTimer(clock.now() + 5, () => void fired.push('cleared'));
    clock.clearTimer(cleared);
    await new Promise<void>((resolve) => {
      const at = clock.now() + 10;
      clock.setTimer(at, () => {
        fired.push(clock.now() >= at ? 'due' : 'early');
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(fired).toEqual(['due']);
  });
});
