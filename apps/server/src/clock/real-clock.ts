import type { Clock, TimerCallback, TimerHandle } from '@switchboard/protocol';

/** The wall clock for live calls. Node caps setTimeout at 2^31-1 ms, so long timers re-arm. */
export function createRealClock(): Clock {
  const MAX_DELAY_MS = 2_147_483_647;
  const timers = new Map<TimerHandle, NodeJS.Timeout>();
  let next = 1;
  const arm = (handle: TimerHandle, atMs: number, cb: TimerCallback): void => {
    const delay = Math.max(0, atMs - Date.now());
    const t = setTimeout(
      () => {
        if (Date.now() < atMs) return arm(handle, atMs, cb);
        timers.delete(handle);
        // A failing callback must not crash the process; the runtime reports its own errors.
        void Promise.resolve()
          .then(cb)
          .catch(() => undefined);
      },
      Math.min(delay, MAX_DELAY_MS),
    );
    timers.set(handle, t);
  };
  return {
    now: () => Date.now(),
    setTimer(atMs, cb) {
      const handle = next++;
      arm(handle, atMs, cb);
      return handle;
    },
    clearTimer(handle) {
      const t = timers.get(handle);
      if (t) clearTimeout(t);
      timers.delete(handle);
    },
  };
}
