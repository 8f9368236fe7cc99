import { createMemoryComplianceStore } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import type { CallEvent, Flow } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentDirectory } from '../src/call/agent-directory.js';
import { CallDirectory } from '../src/call/call-directory.js';
import { createMemoryCallQueue } from '../src/call/memory-call-queue.js';
import { createSqliteEventLog } from '../src/call/sqlite-event-log.js';
import { createRealClock } from '../src/clock/real-clock.js';
import { SimulatedClock } from '../src/clock/simulated-clock.js';
import { createLogger } from '../src/observability/logger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { type CarrierLayer, createCarrierLayer } from '../src/pstn/carrier-layer.js';
import { type CarrierSimulators, startCarrierSimulators } from '../src/simulators/index.js';
import { signTwilioForm } from '../src/simulators/webhook-signers.js';
import { createSqliteOutbox } from '../src/ws/event-outbox.js';
import { LiveCall } from '../src/ws/live-call.js';
import { defaultFlow } from './support/speech.js';

const PUBLIC = 'https://voice.example.com';
const BUSINESS = '+12025550100';
const AGENT_PHONE = '+12025550142';
const CALLER = '+4930901820';

/**
 * Agents are real endpoints (issue 11): a transfer dials the agent's own number through the
 * failover router — against the loopback carrier simulators — from the business's caller ID.
 */
let sims: CarrierSimulators;
let layer: CarrierLayer;
let app: Hono;
let flow: Flow;
let events: Map<string, CallEvent[]>;
let services: Parameters<typeof LiveCall.open>[1];
let twilioToken: string;

beforeAll(async () => {
  sims = await startCarrierSimulators({ requestTimeoutMs: 300 });
  flow = { ...defaultFlow(), callerId: BUSINESS, agents: [{ id: 'bea', queue: 'billing', endpoint: AGENT_PHONE }] };
  const agents = agentDirectory(flow);
  events = new Map();
  const db = new Database(':memory:');
  const clock = createRealClock();
  const base = {
    flow,
    classifier: createEmbeddedClassifier(flow),
    compliance: createMemoryComplianceStore(),
    eventLog: createSqliteEventLog(db),
    clock,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    queue: createMemoryCallQueue({ roster: agents.roster }),
    agents,
    calls: new CallDirectory(),
    observe: (callId: string, event: CallEvent) => events.set(callId, [...(events.get(callId) ?? []), event]),
  };
  // Twilio answers on the Gather loop (carrier speech) and is the primary carrier for agent legs.
  // billing has a line of its own: a call that ends after its handoff must not be <Dial>led to it.
  layer = createCarrierLayer(sims.providers, {
    ...base,
    publicBaseUrl: PUBLIC,
    healthIntervalMs: 0,
    routeNumbers: { billing: '+12025550199' },
  });
  app = new Hono().route('/webhooks', layer.webhooks);
  services = { ...base, placer: layer.placer, outbox: createSqliteOutbox(db) };
  const twilio = sims.providers.find((p) => p.kind === 'twilio');
  if (twilio?.kind !== 'twilio') throw new Error('no twilio simulator');
  twilioToken = twilio.credentials.authToken;
});
afterAll(async () => {
  layer.close();
  await sims.close();
});
beforeEach(async () => {
  for (const p of ['twilio', 'telnyx', 'signalwire']) await sims.setFault(p, 'ok');
});

/** A Twilio webhook, signed over its public URL exactly as Twilio signs it. */
async function post(url: string, params: Record<string, string>): Promise<string> {
  const signed = signTwilioForm(twilioToken, url, params);
  const res = await app.request(url.slice(PUBLIC.length), { method: 'POST', headers: signed.headers, body: signed.body });
  expect(res.status).toBe(200);
  return (await res.text()).replaceAll('&amp;', '&');
}
const gatherUrl = (twiml: string) => {
  const m = /<Gather [^>]*action="([^"]+)"/.exec(twiml);
  if (!m?.[1]) throw new Error(`no Gather in ${twiml}`);
  return m[1];
};

/** A phone caller on the Gather loop: declines recording by key, then presses 1 for billing. */
async function phoneCallToBilling(callSid: string): Promise<string> {
  const first = await post(`${PUBLIC}/webhooks/twilio/voice`, { CallSid: callSid, AccountSid: 'AC0', From: CALLER, To: BUSINESS });
  const second = await post(gatherUrl(first), { CallSid: callSid, AccountSid: 'AC0', Digits: '2' });
  return post(gatherUrl(second), { CallSid: callSid, AccountSid: 'AC0', Digits: '1' });
}

describe('transfers to agents with real endpoints', () => {
  it('a phone warm transfer dials the agent’s real number through the carrier, from the business caller ID', async () => {
    const before = sims.ledger.calls.length;
    const twiml = await phoneCallToBilling('CAwarm1');
    const legs = sims.ledger.calls.slice(before);
    expect(legs).toEqual([expect.objectContaining({ provider: 'twilio', to: AGENT_PHONE, from: BUSINESS })]);
    const callEvents = events.get('pstn-twilio-CAwarm1') ?? [];
    expect(callEvents.find((e) => e.type === 'transfer')).toMatchObject({ mode: 'warm', to: 'bea' });
    expect(twiml).toContain(flow.prompts.transferring);
    // The caller's own number is never shown to the agent.
    expect(legs.some((c) => c.from === CALLER)).toBe(false);
    // Bea is on this call until the carrier says it is over; then she is free for the next caller.
    const params = { CallSid: 'CAwarm1', AccountSid: 'AC0', CallStatus: 'completed' };
    const signed = signTwilioForm(twilioToken, `${PUBLIC}/webhooks/twilio/status`, params);
    const status = await app.request('/webhooks/twilio/status', { method: 'POST', headers: signed.headers, body: signed.body });
    expect(status.status).toBeLessThan(300);
    expect((events.get('pstn-twilio-CAwarm1') ?? []).filter((e) => e.type === 'call.ended')).toHaveLength(1);
  });

  it('an agent leg no carrier can carry: the outage goodbye, then a hang-up — never a <Dial> after it', async () => {
    for (const p of ['twilio', 'telnyx', 'signalwire']) await sims.setFault(p, 'down');
    const twiml = await phoneCallToBilling('CAdown1');
    expect(twiml).toContain(flow.prompts.outage);
    expect(twiml).toContain('<Hangup/>');
    expect(twiml).not.toContain('<Dial');
    const metrics = await services.metrics.registry.metrics();
    expect(metrics).toMatch(/switchboard_carrier_failovers_total\{from="twilio",reason="[^"]+"\} [1-9]/);
    expect(metrics).toMatch(/switchboard_carrier_health\{provider="twilio"\} (0|0\.5)\n/);
  });

  it('a web transfer fails over to the next carrier when the primary is down', async () => {
    await sims.setFault('twilio', 'down');
    const before = sims.ledger.calls.length;
    // The web call's prompts play for their reading time on a simulated clock; carriers run on the wall clock.
    const clock = new SimulatedClock();
    const web = await LiveCall.open('web-transfer-1', { ...services, clock });
    await clock.advance(8_000); // the announcement has played whole
    await web.message({ type: 'consent', id: 'c1', answer: 'no' });
    await web.message({ type: 'text', id: 't1', text: 'I was charged twice on my invoice' });
    await web.runtime.idle();
    const callEvents = events.get(web.callId) ?? [];
    const attempts = callEvents.flatMap((e) => (e.type === 'carrier.attempt' ? [e] : []));
    expect(attempts[0]).toMatchObject({ provider: 'twilio', ok: false });
    const served = attempts.at(-1);
    expect(served).toMatchObject({ ok: true });
    expect(served?.provider).not.toBe('twilio');
    expect(callEvents.find((e) => e.type === 'transfer')).toMatchObject({ to: 'bea' });
    const legs = sims.ledger.calls.slice(before);
    expect(legs.map((c) => [c.provider, c.to, c.from])).toEqual([[served?.provider, AGENT_PHONE, BUSINESS]]);
    await web.close();
  }, 30_000);
});
