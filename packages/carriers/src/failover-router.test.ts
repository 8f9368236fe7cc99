import { ExponentialBackoff, noJitterGenerator } from 'cockatiel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeCarrierAdapter, type FakeDial, fakeConfig } from '../test/support/fake-carrier-adapter.js';
import { SimulatedClock } from '../test/support/simulated-clock.js';
import type { PlaceCallRequest } from './call-placer.js';
import type { DialResult } from './dial-result.js';
import { FailoverRouter } from './failover-router.js';
import type { ProviderCircuitOptions } from './provider-circuit.js';

const placed = (id: string): DialResult => ({ kind: 'placed', providerCallId: id, progress: 'answered' });
const fault: DialResult = { kind: 'fault', error: '503' };
let n = 0;
const request = (over: Partial<PlaceCallRequest> = {}): PlaceCallRequest => ({
  to: '+15551230000',
  from: '+15559990000',
  idempotencyKey: `k${++n}`,
  callType: 'callback',
  tier: 'standard',
  ...over,
});

function setup(
  scripts: Record<'twilio' | 'telnyx' | 'signalwire', (i: number) => FakeDial>,
  over: Partial<Parameters<typeof fakeConfig>[1]> = {},
  circuit: ProviderCircuitOptions = { failureThreshold: 2 },
) {
  const clock = new SimulatedClock();
  const adapters = (['twilio', 'telnyx', 'signalwire'] as const).map((k) => new FakeCarrierAdapter(fakeConfig(k, over), scripts[k]));
  const router = new FailoverRouter(adapters, { clock, webhookBaseUrl: 'https://sb.test', answerTimeoutMs: 0, circuit });
  const [twilio, telnyx, signalwire] = adapters as [FakeCarrierAdapter, FakeCarrierAdapter, FakeCarrierAdapter];
  return { clock, router, twilio, telnyx, signalwire };
}

describe('FailoverRouter', () => {
  it.each([486, 603, 404])('returns SIP %i as refused without trying another carrier', async (sip) => {
    const { router, telnyx, signalwire } = setup({
      twilio: () => ({ kind: 'refused', sipStatus: sip }),
      telnyx: () => placed('t'),
      signalwire: () => placed('s'),
    });
    const out = await router.place(request());
    expect(out).toMatchObject({ ok: false, reason: 'refused', sipStatus: sip });
    expect(telnyx.dials.length + signalwire.dials.length).toBe(0);
  });

  it('fails over on a carrier fault, in priority order, up to three attempts', async () => {
    const { router } = setup({ twilio: () => fault, telnyx: () => ({ kind: 'fault', error: 'sip 480' }), signalwire: () => fault });
    const out = await router.place(request());
    expect(out).toMatchObject({ ok: false, reason: 'all-down' });
    expect(out.attempts.map((a) => `${a.provider}:${a.error}`)).toEqual(['twilio:503', 'telnyx:sip 480', 'signalwire:503']);
  });

  it('looks a timed-out placement up and keeps it when the carrier did dial', async () => {
    const { router, twilio, telnyx } = setup({ twilio: () => 'hang', telnyx: () => placed('t'), signalwire: () => placed('s') });
    twilio.lookupResult = { found: true, providerCallId: 'CA1', progress: 'ringing', sipStatus: null };
    const out = await router.place(request());
    expect(out).toMatchObject({ ok: true, provider: 'twilio', providerCallId: 'CA1' });
    expect(telnyx.dials).toHaveLength(0);
  });

  it('fails over after a timeout only when the lookup proves nothing was dialled', async () => {
    const cases = [
      [
        { found: false, conclusive: true },
        { ok: true, provider: 'telnyx' },
      ],
      [
        { found: false, conclusive: false },
        { ok: false, reason: 'all-down' },
      ],
      ['fail', { ok: false, reason: 'all-down' }],
    ] as const;
    for (const [lookup, expected] of cases) {
      const { router, twilio, telnyx } = setup({ twilio: () => 'hang', telnyx: () => placed('t'), signalwire: () => placed('s') });
      twilio.lookupResult = lookup;
      const out = await router.place(request());
      expect(out).toMatchObject(expected);
      if (!out.ok) {
        expect(out.attempts.at(-1)?.error).toContain('unresolved');
        expect(telnyx.dials).toHaveLength(0);
      }
    }
  });

  it('paces a 429 on the same carrier instead of failing over', async () => {
    const { router, clock, telnyx } = setup({
      twilio: (i) => (i < 2 ? { kind: 'rate-limited', retryAfterMs: 1000 } : placed('CA9')),
      telnyx: () => placed('t'),
      signalwire: () => placed('s'),
    });
    const start = clock.now();
    const out = await router.place(request());
    expect(out).toMatchObject({ ok: true, provider: 'twilio' });
    expect(clock.now() - start).toBe(2000); // waited Retry-After twice on the simulated clock
    expect(telnyx.dials).toHaveLength(0);
  });

  it('respects capacity and releases it on hang-up', async () => {
    let id = 0;
    const { router } = setup(
      { twilio: () => placed(`CA${id++}`), telnyx: () => placed(`v3:${id++}`), signalwire: () => placed(`sw${id++}`) },
      { maxConcurrent: 1 },
    );
    const a = await router.place(request());
    const b = await router.place(request());
    const c = await router.place(request());
    expect([a, b, c].map((o) => o.ok && o.provider)).toEqual(['twilio', 'telnyx', 'signalwire']);
    expect(await router.place(request())).toMatchObject({ ok: false, reason: 'capacity' });
    if (!a.ok) throw new Error('a not placed');
    await router.hangup(a.provider, a.providerCallId);
    expect(await router.place(request())).toMatchObject({ ok: true, provider: 'twilio' });
  });

  it('opens the circuit, skips the carrier, then returns through a half-open trial', async () => {
    let twilioUp = false;
    const { router, clock, twilio } = setup({
      twilio: () => (twilioUp ? placed('CA') : fault),
      telnyx: () => placed('t'),
      signalwire: () => placed('s'),
    });
    await router.place(request());
    await router.checkHealth(); // the probe still says 200, so Twilio ranks first again
    await router.place(request()); // second consecutive fault opens it (threshold 2)
    expect(router.snapshot()[0]).toMatchObject({ name: 'twilio', circuit: 'open' });
    const before = twilio.dials.length;
    expect(await router.place(request())).toMatchObject({ ok: true, provider: 'telnyx' });
    expect(twilio.dials.length).toBe(before); // open: not even tried
    twilioUp = true;
    clock.advance(60_000); // past any backoff
    expect(await router.place(request())).toMatchObject({ ok: true, provider: 'twilio' });
    expect(router.snapshot()[0]).toMatchObject({ circuit: 'closed', health: 'healthy' });
  });

  it('backs off exponentially between failed trials; a healthy probe brings the trial forward', async () => {
    const backoff = new ExponentialBackoff({ generator: noJitterGenerator, initialDelay: 500, maxDelay: 30_000 });
    const { router, clock, twilio } = setup(
      { twilio: () => fault, telnyx: () => placed('t'), signalwire: () => placed('s') },
      {},
      { failureThreshold: 1, backoff },
    );
    await router.place(request()); // opens
    const waits: number[] = [];
    for (let trial = 0; trial < 4; trial += 1) {
      const before = twilio.dials.length;
      let waited = 0;
      while (twilio.dials.length === before) {
        clock.advance(100);
        waited += 100;
        await router.place(request());
      }
      waits.push(waited);
    }
    expect(waits).toEqual([500, 1000, 2000, 4000]); // each failed half-open trial doubles the wait
    const before = twilio.dials.length;
    twilio.probeStatus = 200;
    await router.checkHealth();
    await router.place(request());
    expect(twilio.dials.length).toBe(before + 1);
  });

  it('health probes: 200 healthy, 429/503 degraded, timeout unhealthy', async () => {
    const { router, twilio, telnyx, signalwire } = setup({
      twilio: () => placed('a'),
      telnyx: () => placed('b'),
      signalwire: () => placed('c'),
    });
    twilio.probeStatus = 429;
    telnyx.probeStatus = 'hang';
    signalwire.probeStatus = 200;
    const snap = await router.checkHealth();
    expect(snap.map((s) => s.health)).toEqual(['degraded', 'unhealthy', 'healthy']);
    // Healthy before degraded before unhealthy, whatever the priority.
    expect(await router.place(request())).toMatchObject({ provider: 'signalwire' });
  });

  it('never rings a customer on two carriers, whatever the carriers do (property)', async () => {
    const dial = fc.constantFrom<FakeDial>(
      'hang',
      placed('x'),
      fault,
      { kind: 'refused', sipStatus: 486 },
      { kind: 'unknown', error: 'reset' },
      { kind: 'rate-limited', retryAfterMs: 10 },
    );
    const lookup = fc.constantFrom(
      'fail' as const,
      { found: false as const, conclusive: true },
      { found: false as const, conclusive: false },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(dial, { minLength: 3, maxLength: 3 }),
        fc.array(lookup, { minLength: 3, maxLength: 3 }),
        async (dials, lookups) => {
          const [d0, d1, d2] = dials as [FakeDial, FakeDial, FakeDial];
          const { router, twilio, telnyx, signalwire } = setup({ twilio: () => d0, telnyx: () => d1, signalwire: () => d2 });
          [twilio, telnyx, signalwire].forEach((a, i) => {
            a.lookupResult = lookups[i] ?? 'fail';
          });
          const req = request();
          const out = await router.place(req);
          // A carrier that may have rung the callee is never followed by another one, unless its
          // lookup proved it did not (conclusive not-found).
          const rang = [twilio, telnyx, signalwire].filter((a) => a.rung.includes(req.idempotencyKey));
          const proven = (a: FakeCarrierAdapter) => {
            const l = a.lookupResult;
            return l !== 'fail' && !l.found && l.conclusive;
          };
          const unprovenRings = rang.filter((a, i) => !(i < rang.length - 1 && proven(a)));
          expect(unprovenRings.length).toBeLessThanOrEqual(1);
          // A refusal ends the placement: nothing is tried after it.
          if (!out.ok && out.reason === 'refused') expect(out.attempts.at(-1)?.error).toMatch(/^486/);
        },
      ),
      { numRuns: 150 },
    );
  });
});
