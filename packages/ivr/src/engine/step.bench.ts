/**
 * What replaying a call costs. A call's state is the replay of `step` over its durable log
 * (shared/DESIGN.md "Calls survive restarts"), so a resumed 20-minute hold replays every input.
 * Prints per-step latency percentiles and whole-replay times; never passes or fails.
 *
 *   npx tsx packages/ivr/src/engine/step.bench.ts
 */
import type { EngineEvent } from '@switchboard/protocol';
import { connected, defaultFlow, finished, said } from '../../test/support/harness.js';
import { initialState } from './state.js';
import { step } from './step.js';

const flow = defaultFlow();

/** Builds the log of a call that holds for `holdMinutes`, with a queue move every 10 s. */
function holdCallLog(holdMinutes: number): EngineEvent[] {
  const log: EngineEvent[] = [];
  let state = initialState();
  let n = 0;
  const push = (input: object, atMs: number) => {
    const event = { ...input, id: `e${n++}`, atMs } as EngineEvent;
    log.push(event);
    state = step(flow, state, event).state;
  };
  push(connected('explicit-opt-in'), 0);
  push(finished, 1000);
  push({ type: 'caller.dtmf', digit: '1' }, 2000);
  push(said('Hi, I was charged twice on my credit card last week', 'billing', 0.95, 'neutral', { timeframe: 'last week' }), 6000);
  const start = 6000;
  const total = holdMinutes * 60;
  for (let s = 10; s <= total; s += 10) {
    const atMs = start + s * 1000;
    push(
      { type: 'queue.moved', queue: 'billing', position: Math.max(1, 40 - Math.floor(s / 30)), ewtSeconds: Math.max(0, total - s) },
      atMs,
    );
    const timerId = state.timers.queueUpdate;
    if (s % 60 === 0 && timerId) push({ type: 'timer.fired', timerId }, atMs);
  }
  push({ type: 'agent.available', queue: 'billing', agentId: 'agent-1' }, start + total * 1000);
  if (state.phase !== 'transferred') throw new Error(`bench call did not reach the agent (phase ${state.phase})`);
  push({ type: 'caller.hungup' }, start + total * 1000 + 300_000);
  return log;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

for (const minutes of [20, 120]) {
  const log = holdCallLog(minutes);
  const perStepUs: number[] = [];
  const replayMs: number[] = [];
  for (let round = 0; round < 50; round++) {
    const began = performance.now();
    let state = initialState();
    for (const event of log) {
      const t0 = performance.now();
      state = step(flow, state, event).state;
      perStepUs.push((performance.now() - t0) * 1000);
    }
    replayMs.push(performance.now() - began);
  }
  console.log(
    `${minutes}-minute hold, ${log.length} inputs: step p50 ${pct(perStepUs, 50).toFixed(1)} µs, p99 ${pct(perStepUs, 99).toFixed(1)} µs; ` +
      `whole replay p50 ${pct(replayMs, 50).toFixed(2)} ms, p99 ${pct(replayMs, 99).toFixed(2)} ms`,
  );
}
