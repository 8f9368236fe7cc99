/**
 * How honest is the wait estimate? Simulates a contact centre (Poisson arrivals, N agents,
 * exponential handle times — the M/M/N model behind Erlang C) in simulated time, records the
 * estimate each caller was told on joining and the wait they really had, and prints the error
 * of three estimators:
 *   ours      createQueue / estimateWaitSeconds: (position − idle) × AHT / agents
 *   per-agent ceil(position / agents) × AHT (a common shortcut)
 *   lesson    position × 180 s (the reference code; ignores staffing)
 * Deterministic (seeded PRNG, no wall clock). Prints figures; never passes/fails.
 *
 *   npm run bench -w @switchboard/queue
 */
import { createQueue } from '../src/create-queue.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Scenario {
  name: string;
  agents: number;
  ahtSeconds: number;
  /** Offered load as a fraction of capacity. */
  load: number;
  calls: number;
}

interface Told {
  ours: number;
  perAgent: number;
  lesson: number;
  joinedAtMs: number;
}

function simulate(s: Scenario, seed: number) {
  const rand = mulberry32(seed);
  const exp = (mean: number) => -Math.log(1 - rand()) * mean;
  const q = createQueue({ name: s.name, averageHandleSeconds: s.ahtSeconds, staffed: s.agents, available: s.agents });
  const arrivalMeanMs = (s.ahtSeconds * 1000) / (s.agents * s.load);
  // Event list: agent finish times (ms); a free agent has no entry.
  let busyUntil: number[] = [];
  const told = new Map<string, Told>();
  const errors = { ours: [] as number[], perAgent: [] as number[], lesson: [] as number[] };
  let now = 0;
  let nextArrival = exp(arrivalMeanMs);
  let arrived = 0;

  const startHandle = (callId: string | null) => {
    const handleMs = exp(s.ahtSeconds * 1000);
    busyUntil.push(now + handleMs);
    q.setAgents({ staffed: s.agents, available: s.agents - busyUntil.length });
    if (callId === null) return;
    const t = told.get(callId);
    if (!t) return;
    const waited = (now - t.joinedAtMs) / 1000;
    errors.ours.push(t.ours - waited);
    errors.perAgent.push(t.perAgent - waited);
    errors.lesson.push(t.lesson - waited);
  };

  while (arrived < s.calls || busyUntil.length > 0) {
    const nextFinish = busyUntil.length ? Math.min(...busyUntil) : Number.POSITIVE_INFINITY;
    if (arrived < s.calls && nextArrival <= nextFinish) {
      now = nextArrival;
      nextArrival = now + exp(arrivalMeanMs);
      const callId = `c${arrived++}`;
      const idle = s.agents - busyUntil.length;
      if (idle > 0 && q.stats(now).waiting === 0) {
        // Answered at once: told 0 by every estimator worth the name; not scored.
        startHandle(null);
        continue;
      }
      const place = q.join(callId, now);
      told.set(callId, {
        ours: place.ewtSeconds ?? Number.NaN,
        perAgent: Math.ceil(place.position / s.agents) * s.ahtSeconds,
        lesson: place.position * 180,
        joinedAtMs: now,
      });
    } else {
      now = nextFinish;
      busyUntil = busyUntil.filter((t) => t !== nextFinish);
      const next = q.agentFree('agent', now);
      if (next) startHandle(next.callId);
      else q.setAgents({ staffed: s.agents, available: s.agents - busyUntil.length });
    }
  }
  return errors;
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const mae = (xs: number[]) => mean(xs.map(Math.abs));

const scenarios: Scenario[] = [
  { name: '1 agent, AHT 180 s, 85% load', agents: 1, ahtSeconds: 180, load: 0.85, calls: 20_000 },
  { name: '5 agents, AHT 300 s, 90% load', agents: 5, ahtSeconds: 300, load: 0.9, calls: 20_000 },
  { name: '20 agents, AHT 240 s, 95% load', agents: 20, ahtSeconds: 240, load: 0.95, calls: 40_000 },
];

console.log('Estimated-wait error (told − actual, seconds) over callers who had to wait');
for (const s of scenarios) {
  const e = simulate(s, 42);
  console.log(`\n${s.name}: ${e.ours.length} waiting callers`);
  for (const [label, xs] of Object.entries(e)) {
    console.log(
      `  ${label.padEnd(9)} mean abs error ${mae(xs).toFixed(0).padStart(6)} s   bias ${mean(xs).toFixed(0).padStart(6)} s   p50 ${pct(xs, 50).toFixed(0).padStart(6)} s   p90 |err| ${pct(xs.map(Math.abs), 90).toFixed(0).padStart(6)} s`,
    );
  }
  console.log(
    `  ratio: lesson MAE / ours MAE = ${(mae(e.lesson) / mae(e.ours)).toFixed(1)}x, per-agent / ours = ${(mae(e.perAgent) / mae(e.ours)).toFixed(2)}x`,
  );
}
