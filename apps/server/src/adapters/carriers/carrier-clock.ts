import type { Clock as CarrierClock } from '@switchboard/carriers';
import type { Clock as ServerClock } from '../../clock/clock.js';

/** The wall clock for the carrier layer (real timers; the package itself has none). */
export const realCarrierClock: CarrierClock = {
  nowMs: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

/** Runs the carrier layer on the server's Clock port (e.g. the simulator's SimulatedClock). */
export function carrierClockFrom(clock: ServerClock): CarrierClock {
  return {
    nowMs: () => clock.now(),
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const handle = clock.setTimer(clock.now() + ms, () => resolve());
        signal?.addEventListener(
          'abort',
          () => {
            clock.clearTimer(handle);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
  };
}
