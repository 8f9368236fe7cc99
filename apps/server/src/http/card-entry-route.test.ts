import { createMemoryComplianceStore } from '@switchboard/compliance';
import { createEmbeddedClassifier, type EngineState } from '@switchboard/ivr';
import type { CallEvent } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { defaultFlow } from '../../test/support/speech.js';
import { createTokenStore } from '../auth/token-store.js';
import { CallDirectory, callStatus } from '../call/call-directory.js';
import { type CallRuntime, createCallRuntime } from '../call/call-runtime.js';
import { connectCaller } from '../call/connect-caller.js';
import { ivrEngine } from '../call/ivr-engine.js';
import { createMemoryEventLog } from '../call/memory-event-log.js';
import { SimulatedClock } from '../clock/simulated-clock.js';
import { cardEntryRoute } from './card-entry-route.js';

const flow = defaultFlow();

/** The route on a real runtime (engine, memory log and compliance store, simulated clock), listed as a live phone call. */
async function build() {
  const clock = new SimulatedClock();
  const compliance = createMemoryComplianceStore({ now: () => new Date(clock.now()) });
  const log = createMemoryEventLog();
  const events: CallEvent[] = [];
  const directory = new CallDirectory();
  const open = async (callId: string, caller = '+4930901820') => {
    const runtime: CallRuntime<EngineState> = createCallRuntime({
      callId,
      flow,
      engine: ivrEngine,
      clock,
      classifier: createEmbeddedClassifier(flow),
      compliance,
      log,
      sink: (e) => void events.push(e),
    });
    await connectCaller(runtime, { caller, channel: 'pstn', language: flow.language });
    await runtime.idle();
    return { runtime, release: directory.add(callId, { channel: 'pstn', input: runtime.input, status: () => callStatus(runtime) }) };
  };
  const tokens = createTokenStore(new Database(':memory:'));
  const app = new Hono();
  app.onError((error, c) =>
    error instanceof HTTPException
      ? c.json({ error: error.message, status: error.status }, error.status)
      : c.json({ error: 'internal' }, 500),
  );
  app.route('/', cardEntryRoute({ tokens, compliance, log, flow, sources: [directory] }));
  const staff = tokens.issue('staff', 'alice', 60_000);
  const post = (callId: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`/api/calls/${encodeURIComponent(callId)}/card-entry`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}`, ...headers },
    });
  return { app, clock, compliance, log, events, open, post, tokens };
}

/** Consent by voice, so the recording runs and card entry has something to pause. */
async function consented(h: Awaited<ReturnType<typeof build>>, callId: string) {
  const call = await h.open(callId);
  await h.clock.advance(2_000);
  await call.runtime.input({ type: 'caller.said', text: 'yes, that is fine' });
  await call.runtime.idle();
  expect(call.runtime.state().recording).toBe('on');
  return call;
}

describe('POST /api/calls/:id/card-entry', () => {
  it('is for staff only: 401 without a login, 401 for a visitor call token', async () => {
    const h = await build();
    await h.open('twilio:CA1');
    const anon = await h.app.request('/api/calls/twilio%3ACA1/card-entry', { method: 'POST', body: '{"state":"start"}' });
    expect(anon.status).toBe(401);
    const visitor = h.tokens.issue('call', 'twilio:CA1', 60_000);
    const asVisitor = await h.post('twilio:CA1', { state: 'start' }, { authorization: `Bearer ${visitor}` });
    expect(asVisitor.status).toBe(401);
    expect(h.compliance.audit.filter((a) => a.action.startsWith('card-entry'))).toEqual([]);
  });

  it('answers 400 naming the field on a bad body or key', async () => {
    const h = await build();
    await h.open('twilio:CA1');
    const bad = async (body: unknown, headers?: Record<string, string>) => {
      const res = await h.post('twilio:CA1', body, headers);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: string }).error;
    };
    expect(await bad({ state: 'pause' })).toMatch(/^send .*state: Invalid option: expected one of "start"\|"end"/);
    expect(await bad({})).toMatch(/state: /);
    expect(await bad('state=start')).toMatch(/\(body\): /);
    expect(await bad({ state: 'start', card: 'x' })).toMatch(/Unrecognized key: "card"/);
    expect(await bad({ state: 'start', id: 'has space' })).toMatch(/id: printable ASCII/);
    expect(await bad({ state: 'start' }, { 'idempotency-key': 'a b' })).toMatch(/^Idempotency-Key: /);
    expect(await bad({ state: 'start', id: 'k1' }, { 'idempotency-key': 'k2' })).toMatch(/id and Idempotency-Key differ/);
  });

  it('404s a call this process does not hold, and says why', async () => {
    const h = await build();
    const unknown = await h.post('twilio:CA404', { state: 'start' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: expect.stringMatching(/no call twilio:CA404 in this process/) });
    // Logged here but not live (its stream dropped and waits to resume): 404, not a silent success.
    const { release } = await h.open('twilio:CA2');
    release();
    const away = await h.post('twilio:CA2', { state: 'start' });
    expect(away.status).toBe(404);
    expect(await away.json()).toMatchObject({ error: expect.stringMatching(/is not live on a socket or media stream in this process/) });
  });

  it('409s an ended call, live or only in the log', async () => {
    const h = await build();
    const call = await h.open('twilio:CA3');
    await call.runtime.input({ type: 'caller.hungup', id: 'hungup:CA3' });
    const live = await h.post('twilio:CA3', { state: 'start' });
    expect(live.status).toBe(409);
    call.release();
    const logged = await h.post('twilio:CA3', { state: 'start' });
    expect(logged.status).toBe(409);
    expect(await logged.json()).toMatchObject({ error: 'call twilio:CA3 has ended' });
    expect(h.compliance.audit.filter((a) => a.action.startsWith('card-entry'))).toEqual([]);
  });

  it('pauses the recording once per start, audits who did it, and resumes on end', async () => {
    const h = await build();
    const call = await consented(h, 'twilio:CA5');
    const first = await h.post('twilio:CA5', { state: 'start' }, { 'idempotency-key': 'pay-1' });
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toEqual({ callId: 'twilio:CA5', channel: 'pstn', cardEntry: true, recording: 'paused' });
    // The same request again (a retry, a double click with its key), and a second click with a new key.
    const again = await h.post('twilio:CA5', { state: 'start', id: 'pay-1' });
    expect(await again.json()).toEqual(body);
    expect((await h.post('twilio:CA5', { state: 'start' }, { 'idempotency-key': 'pay-2' })).status).toBe(200);
    const logged = await h.log.read('twilio:CA5');
    expect(logged.filter((e) => e.type === 'payment.started').map((e) => e.id)).toEqual([
      'card-entry:start:pay-1',
      'card-entry:start:pay-2',
    ]);
    expect(h.events.filter((e) => e.type === 'recording.paused')).toEqual([expect.objectContaining({ reason: 'pci' })]);
    // Keys pressed meanwhile are card digits: dropped before the engine.
    expect(await call.runtime.input({ type: 'caller.dtmf', digit: '4' })).toEqual({ accepted: false, reason: 'card-entry' });

    const ended = await h.post('twilio:CA5', { state: 'end', id: 'pay-1' });
    expect(await ended.json()).toEqual({ callId: 'twilio:CA5', channel: 'pstn', cardEntry: false, recording: 'on' });
    expect((await h.post('twilio:CA5', { state: 'end', id: 'pay-1' })).status).toBe(200);
    expect(h.events.filter((e) => e.type === 'recording.resumed')).toHaveLength(1);

    const audit = h.compliance.audit.filter((a) => a.action.startsWith('card-entry'));
    expect(audit.map((a) => [a.action, a.actor, a.callId])).toEqual([
      ['card-entry.started', 'alice', 'twilio:CA5'],
      ['card-entry.ended', 'alice', 'twilio:CA5'],
    ]);
    expect(audit[0]).toMatchObject({ recordingId: call.runtime.memory().recordingId, payload: { channel: 'pstn', recording: 'paused' } });
  });

  it('turns two racing clicks into one audited start', async () => {
    const h = await build();
    await consented(h, 'twilio:CA6');
    const replies = await Promise.all([h.post('twilio:CA6', { state: 'start' }), h.post('twilio:CA6', { state: 'start' })]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(h.compliance.audit.filter((a) => a.action === 'card-entry.started')).toHaveLength(1);
  });
});
