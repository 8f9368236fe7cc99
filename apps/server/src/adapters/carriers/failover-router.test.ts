import type { PlaceCallRequest } from '@switchboard/carriers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CarrierSimulators, startCarrierSimulators } from '../../simulators/index.js';
import { createFailoverRouter, type RunningFailoverRouter } from './index.js';

// Real HTTP against the loopback simulators: the router, adapters and fetch are the real ones.
let sims: CarrierSimulators;
let router: RunningFailoverRouter;
let n = 0;

// A fresh number per call: Twilio's lookup matches by number and time (it has no idempotency key).
const call = (over: Partial<PlaceCallRequest> = {}): PlaceCallRequest => ({
  to: `+1415556${String(1000 + n).padStart(4, '0')}`,
  from: '+14155559999',
  idempotencyKey: `test-${++n}`,
  callType: 'callback',
  tier: 'standard',
  ...over,
});

beforeAll(async () => {
  sims = await startCarrierSimulators({ requestTimeoutMs: 300 });
});
afterAll(async () => {
  await sims.close();
});
afterEach(async () => {
  router?.close();
  for (const p of ['twilio', 'telnyx', 'signalwire']) await sims.setFault(p, 'ok');
});

function newRouter() {
  router = createFailoverRouter(sims.providers, { healthIntervalMs: 0, pollIntervalMs: 5, circuit: { failureThreshold: 3 } });
  return router;
}

describe('failover router against the carrier simulators', () => {
  it('places on the primary when all is well, and hangs up releasing capacity', async () => {
    const r = newRouter();
    const out = await r.place(call());
    expect(out).toMatchObject({ ok: true, provider: 'twilio' });
    expect(r.snapshot().find((p) => p.name === 'twilio')?.inFlight).toBe(1);
    if (!out.ok) throw new Error('not placed');
    await r.hangup(out.provider, out.providerCallId);
    expect(r.snapshot().find((p) => p.name === 'twilio')?.inFlight).toBe(0);
    expect(sims.ledger.calls.find((c) => c.id === out.providerCallId)?.hungUp).toBe(true);
  });

  it.each([
    ['busy', 486],
    ['decline', 603],
    ['not-found', 404],
  ] as const)('never retries a callee %s on another carrier', async (behaviour, sip) => {
    const r = newRouter();
    const to = `+1415555${String(sip).padStart(4, '0')}`;
    sims.setCallee(to, behaviour);
    const req = call({ to });
    const out = await r.place(req);
    expect(out).toMatchObject({ ok: false, reason: 'refused', sipStatus: sip });
    expect(out.attempts).toHaveLength(1);
    expect(sims.ledger.dialsPerKey().get(req.idempotencyKey)).toBe(1);
  });

  it('fails over on a SIP 503 from the network to the next carrier', async () => {
    const r = newRouter();
    const to = '+14155550503';
    sims.setCallee(to, 'network-503');
    const out = await r.place(call({ to }));
    // The callee's line is broken on every carrier: all three tried, none refused.
    expect(out).toMatchObject({ ok: false, reason: 'all-down' });
    expect(out.attempts.map((a) => a.provider)).toEqual(['twilio', 'telnyx', 'signalwire']);
  });

  it('fails over when the primary is hard down (connection refused)', async () => {
    const r = newRouter();
    await sims.setFault('twilio', 'down');
    const out = await r.place(call());
    expect(out, JSON.stringify(out.attempts)).toMatchObject({ ok: true, provider: 'telnyx' });
    expect(out.attempts[0]).toMatchObject({ provider: 'twilio', ok: false, error: 'econnrefused' });
  });

  it('treats garbage JSON from a carrier as a fault, not a crash', async () => {
    const r = newRouter();
    await sims.setFault('twilio', 'garbage');
    const req = call();
    const out = await r.place(req);
    expect(out).toMatchObject({ ok: true, provider: 'telnyx' });
    expect(out.attempts[0]).toMatchObject({ provider: 'twilio', ok: false });
    expect(out.attempts[0]?.error).toContain('garbage');
    expect(sims.ledger.dialsPerKey().get(req.idempotencyKey)).toBe(1);
  });

  it('a timeout while placing is looked up, never dialled twice', async () => {
    const r = newRouter();
    await sims.setFault('twilio', 'timeout');
    const req = call();
    const out = await r.place(req);
    // Twilio did dial before going silent: the lookup finds that call, so no other carrier rings.
    expect(out).toMatchObject({ ok: true, provider: 'twilio' });
    expect(sims.ledger.dialsPerKey().get(req.idempotencyKey)).toBe(1);
  });

  it('does not fail over when a timed-out placement cannot be looked up', async () => {
    const r = newRouter();
    await sims.setFault('twilio', 'blackhole');
    const req = call();
    const out = await r.place(req);
    expect(out).toMatchObject({ ok: false, reason: 'all-down' });
    expect(out.attempts).toHaveLength(1);
    expect(out.attempts[0]?.error).toContain('unresolved');
    expect(sims.ledger.calls.filter((c) => c.idempotencyKey === req.idempotencyKey && c.provider !== 'twilio')).toHaveLength(0);
  });

  it('paces on 429 instead of failing over', async () => {
    const r = createFailoverRouter(sims.providers, { healthIntervalMs: 0, pollIntervalMs: 5, pacing: { maxWaits: 2, initialMs: 10 } });
    router = r;
    await sims.setFault('twilio', '429', { retryAfterSeconds: 0 });
    const req = call();
    const out = await r.place(req);
    expect(out).toMatchObject({ ok: false, reason: 'capacity' });
    expect(new Set(out.attempts.map((a) => a.provider))).toEqual(new Set(['twilio']));
    expect(sims.ledger.dialsPerKey().get(req.idempotencyKey)).toBeUndefined();
  });

  it('routes outbound marketing to the cheapest carrier and enterprise to the primary', async () => {
    const r = newRouter();
    expect(await r.place(call({ callType: 'outbound_marketing' }))).toMatchObject({ ok: true, provider: 'telnyx' });
    expect(await r.place(call({ callType: 'outbound_marketing', tier: 'enterprise' }))).toMatchObject({ ok: true, provider: 'twilio' });
    expect(await r.place(call({ expectedMinutes: 25 }))).toMatchObject({ ok: true, provider: 'telnyx' });
  });

  it('health checks: 200 healthy, 503 degraded, timeout unhealthy', async () => {
    const r = newRouter();
    await sims.setFault('telnyx', '503');
    await sims.setFault('signalwire', 'blackhole');
    const snap = await r.checkHealth();
    expect(Object.fromEntries(snap.map((p) => [p.name, p.health]))).toEqual({
      twilio: 'healthy',
      telnyx: 'degraded',
      signalwire: 'unhealthy',
    });
    // Healthy before degraded: with Twilio down the unhealthy SignalWire still ranks after Telnyx.
    await sims.setFault('twilio', 'down');
    await sims.setFault('telnyx', 'ok');
    expect(await r.place(call())).toMatchObject({ ok: true, provider: 'telnyx' });
  });

  it('rejects malformed provider config at start-up naming the field', () => {
    const bad = sims.providers.map((p, i) => (i === 1 ? { ...p, costPerMinuteUsd: { inbound: 0.002, outbound: 'cheap' } } : p));
    expect(() => createFailoverRouter(bad)).toThrow(/providers\[1\]\.costPerMinuteUsd\.outbound/);
  });
});
