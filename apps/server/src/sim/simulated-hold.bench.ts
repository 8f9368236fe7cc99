/**
 * How fast simulated time runs: a caller waits 20 minutes in a queue whose two agents are busy
 * (20 spoken updates, one every 60 s), then an agent frees up and takes the call; and how long
 * resuming that call from its log takes. Prints percentiles; never passes or fails on time.
 *
 *   npx tsx apps/server/src/sim/simulated-hold.bench.ts
 */
import { announcementFor, createMemoryComplianceStore, resolveJurisdiction } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import { createCallRuntime } from '../call/call-runtime.js';
import { ivrEngine } from '../call/ivr-engine.js';
import { createMemoryCallQueue } from '../call/memory-call-queue.js';
import { createMemoryEventLog } from '../call/memory-event-log.js';
import { SimulatedClock } from '../clock/simulated-clock.js';
import { loadFlow } from '../flows.js';

const flow = await loadFlow();
const classifier = createEmbeddedClassifier(flow);
const RUNS = 30;
const holdMs: number[] = [];
const resumeMs: number[] = [];
let updates = 0;
let logged = 0;

for (let i = 0; i < RUNS; i++) {
  const clock = new SimulatedClock();
  const queue = createMemoryCallQueue({ agents: { billing: { staffed: 2, available: 0 } } });
  const log = createMemoryEventLog();
  const compliance = createMemoryComplianceStore({ now: () => new Date(clock.now()) });
  const events: string[] = [];
  const make = () =>
    createCallRuntime({
      callId: `c${i}`,
      flow,
      engine: ivrEngine,
      clock,
      classifier,
      compliance,
      log,
      queue,
      sink: (e) => void events.push(e.type),
    });
  const runtime = make();
  const jurisdiction = resolveJurisdiction('+4930901820');
  await runtime.connect({
    caller: '+4930901820',
    channel: 'pstn',
    tier: 'standard',
    industry: 'general',
    jurisdiction,
    announcement: await announcementFor(jurisdiction.regime, 'en'),
  });
  await runtime.input({ type: 'caller.said', text: 'yes' });
  await runtime.input({ type: 'caller.said', text: 'I was charged twice on my invoice' });
  await runtime.idle();
  const t0 = performance.now();
  await clock.advance(20 * 60_000);
  queue.setAvailable('billing', 1);
  await runtime.idle();
  holdMs.push(performance.now() - t0);
  updates = events.filter((t) => t === 'queue.update').length;
  if (!events.includes('transfer')) throw new Error('the held caller was never transferred');
  runtime.close();
  logged = (await log.read(`c${i}`)).length;
  const t1 = performance.now();
  await make().resume();
  resumeMs.push(performance.now() - t1);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]?.toFixed(2);
};
console.log(
  `20-minute simulated hold (${updates} queue updates, then transfer), ${RUNS} runs: p50 ${pct(holdMs, 50)} ms, p99 ${pct(holdMs, 99)} ms wall`,
);
console.log(`speed-up over real time at p50: ${Math.round((20 * 60_000) / Number(pct(holdMs, 50)))}x`);
console.log(`resume (replay ${logged} logged inputs, no effects re-run): p50 ${pct(resumeMs, 50)} ms, p99 ${pct(resumeMs, 99)} ms`);
