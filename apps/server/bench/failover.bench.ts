/**
 * Failover under chaos: 1000 calls through the real router, adapters and fetch against the
 * three loopback simulators while the primary (Twilio) goes down, flaps, recovers and then
 * times out. Prints figures; never passes or fails on time (shared/STYLE.md).
 *
 *   npm run bench -w @switchboard/carriers
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { Clock, FetchLike, PlaceCallOutcome } from '@switchboard/carriers';
import { createFailoverRouter, nodeHttpFetch } from '../src/adapters/carriers/index.js';
import { createRealClock } from '../src/clock/real-clock.js';
import { startCarrierSimulators } from '../src/simulators/index.js';

const CALLS = 1000;
const ARRIVAL_MS = 20; // one new call every 20 ms = 50 calls/s
const HEALTH_INTERVAL_MS = 1000; // production default is 30 000; shortened so the run takes seconds
const CALL_HOLD_MS = 30; // each answered call stays up this long, then we hang up

// Per-call time spent waiting on carriers (HTTP) or on purpose (pacing, polling), so what is
// left of the wall time is the router's own overhead.
// Waits overlap (a timeout timer runs beside its fetch), so we keep intervals and take their union.
const waiting = new AsyncLocalStorage<{ spans: [number, number][] }>();
const timed = async <T>(run: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  try {
    return await run();
  } finally {
    waiting.getStore()?.spans.push([start, performance.now()]);
  }
};
const unionMs = (spans: [number, number][]) => {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
};
const fetchTimed: FetchLike = (url, init) => timed(() => nodeHttpFetch(url, init));
const wall = createRealClock();
// A timer's wait (set → fired or cleared) counts as waiting on purpose, like a sleep.
const waits = new Map<number, () => void>();
const clock: Clock = {
  now: () => wall.now(),
  setTimer(atMs, cb) {
    let done = () => {};
    void timed(
      () =>
        new Promise<void>((resolve) => {
          done = resolve;
        }),
    );
    const handle = wall.setTimer(atMs, () => {
      waits.delete(handle);
      done();
      return cb();
    });
    waits.set(handle, done);
    return handle;
  },
  clearTimer(handle) {
    waits.get(handle)?.();
    waits.delete(handle);
    wall.clearTimer(handle);
  },
};

// Generous per-request timeout: on a loaded 2-core machine a loopback reply can take 100+ ms,
// and a spurious timeout is an "unknown" placement that must not be retried elsewhere.
const REQUEST_TIMEOUT_MS = 1500;
const sims = await startCarrierSimulators({ requestTimeoutMs: REQUEST_TIMEOUT_MS });
const router = createFailoverRouter(sims.providers, { fetch: fetchTimed, clock, healthIntervalMs: HEALTH_INTERVAL_MS, pollIntervalMs: 5 });

interface Result {
  index: number;
  startedMs: number;
  endedMs: number;
  overheadMs: number;
  outcome: PlaceCallOutcome;
}
const results: Result[] = [];
const marks: Record<string, number> = {};
const t0 = performance.now();
const now = () => performance.now() - t0;

async function placeOne(index: number): Promise<void> {
  const store = { spans: [] as [number, number][] };
  await waiting.run(store, async () => {
    const startedMs = now();
    const startedAbs = performance.now();
    const outcome = await router.place({
      to: `+1415${String(5_000_000 + index).padStart(7, '0')}`,
      from: '+14155559999',
      idempotencyKey: `bench-${index}`,
      callType: 'callback',
      tier: 'standard',
    });
    const endedMs = now();
    const endedAbs = performance.now();
    const waited = unionMs(
      store.spans.map(([a, b]) => [Math.max(a, startedAbs), Math.min(b, endedAbs)] as [number, number]).filter(([a, b]) => b > a),
    );
    results.push({ index, startedMs, endedMs, overheadMs: endedMs - startedMs - waited, outcome });
    if (outcome.ok) {
      await new Promise((r) => setTimeout(r, CALL_HOLD_MS));
      await router.hangup(outcome.provider, outcome.providerCallId).catch(() => undefined);
    }
  });
}

// The script: calls arrive steadily; chaos switches at fixed call numbers.
const script: Record<number, () => Promise<void>> = {
  200: async () => {
    marks.outage = now();
    await sims.setFault('twilio', 'down');
  },
  400: async () => {
    marks.flapping = now();
    await sims.setFault('twilio', 'flapping', { flapMs: 300 });
  },
  600: async () => {
    await sims.setFault('twilio', 'ok');
    marks.recovered = now();
  },
  800: async () => {
    marks.timeouts = now();
    await sims.setFault('twilio', 'timeout');
    await sims.setFault('telnyx', '503');
  },
  900: async () => {
    await sims.setFault('twilio', 'ok');
    await sims.setFault('telnyx', 'ok');
    marks.allOk = now();
  },
};

const inFlight: Promise<void>[] = [];
for (let i = 0; i < CALLS; i += 1) {
  await script[i]?.();
  inFlight.push(placeOne(i));
  await new Promise((r) => setTimeout(r, ARRIVAL_MS));
}
await Promise.all(inFlight);
router.close();

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const firstServedAfter = (at: number, pred: (o: Extract<PlaceCallOutcome, { ok: true }>) => boolean) =>
  Math.min(
    ...results
      .filter((r) => r.outcome.ok && r.endedMs >= at && pred(r.outcome as Extract<PlaceCallOutcome, { ok: true }>))
      .map((r) => r.endedMs),
  ) - at;

const lost = results.filter((r) => !r.outcome.ok);
const byProvider: Record<string, number> = {};
for (const r of results) if (r.outcome.ok) byProvider[r.outcome.provider] = (byProvider[r.outcome.provider] ?? 0) + 1;
const doubleDialled = [...sims.ledger.dialsPerKey().values()].filter((n) => n > 1).length;
const overhead = results.map((r) => r.overheadMs);
const total = results.map((r) => r.endedMs - r.startedMs);
const attempts = results.map((r) => r.outcome.attempts.length);
const outageMs = marks.outage ?? 0;
const recoveredMs = marks.recovered ?? 0;

const phaseOf = (i: number) =>
  i < 200 ? 'steady' : i < 400 ? 'down' : i < 600 ? 'flapping' : i < 800 ? 'recovered' : i < 900 ? 'timeouts+503' : 'ok';
const phases: Record<string, { calls: number; lost: number; p50Ms: number }> = {};
for (const name of ['steady', 'down', 'flapping', 'recovered', 'timeouts+503', 'ok']) {
  const rs = results.filter((r) => phaseOf(r.index) === name);
  phases[name] = {
    calls: rs.length,
    lost: rs.filter((r) => !r.outcome.ok).length,
    p50Ms: Math.round(
      pct(
        rs.map((r) => r.endedMs - r.startedMs),
        50,
      ),
    ),
  };
}
const report = {
  phases,
  calls: results.length,
  placed: results.length - lost.length,
  lost: lost.length,
  lostReasons: lost.reduce<Record<string, number>>((acc, r) => {
    const key = r.outcome.ok ? 'ok' : `${r.outcome.reason}: ${r.outcome.attempts.at(-1)?.error ?? ''}`;
    acc[key] = (acc[key] ?? 0) + 1;
    return acc;
  }, {}),
  doubleDialledKeys: doubleDialled,
  servedBy: byProvider,
  outageToFirstSecondaryMs: Math.round(firstServedAfter(outageMs, (o) => o.provider !== 'twilio')),
  recoveryToFirstPrimaryMs: Math.round(firstServedAfter(recoveredMs, (o) => o.provider === 'twilio')),
  healthIntervalMs: HEALTH_INTERVAL_MS,
  routingOverheadMs: { p50: +pct(overhead, 50).toFixed(3), p99: +pct(overhead, 99).toFixed(3) },
  placementLatencyMs: { p50: +pct(total, 50).toFixed(1), p99: +pct(total, 99).toFixed(1) },
  attemptsPerCall: { p50: pct(attempts, 50), p99: pct(attempts, 99), max: Math.max(...attempts) },
  wallSeconds: +(now() / 1000).toFixed(1),
};
console.log(`carrier failover: ${report.calls} calls, primary down → flapping → recovered → timeouts`);
console.log(`  placed ${report.placed}, lost ${report.lost} (goal 0), double-dialled keys ${report.doubleDialledKeys}`);
console.log(`  outage → first call served by a secondary: ${report.outageToFirstSecondaryMs} ms (goal ≤ 1000)`);
console.log(
  `  recovery → first call back on the primary: ${report.recoveryToFirstPrimaryMs} ms (health probe every ${HEALTH_INTERVAL_MS} ms)`,
);
console.log(
  `  routing overhead p50 ${report.routingOverheadMs.p50} ms, p99 ${report.routingOverheadMs.p99} ms (wall time minus carrier HTTP and deliberate waits)`,
);
console.log(JSON.stringify(report));
await sims.close();
