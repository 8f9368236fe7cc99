import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallPlacer, PlaceCallOutcome, PlaceCallRequest } from '@switchboard/carriers';
import { announcementFor, createMemoryComplianceStore, resolveJurisdiction } from '@switchboard/compliance';
import { parseFlow } from '@switchboard/ivr';
import type { CallEvent, Classification, Flow } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SimulatedClock } from '../clock/simulated-clock.js';
import type { CallQueue } from './call-queue.js';
import { createCallRuntime } from './call-runtime.js';
import type { EventLog } from './event-log.js';
import { ivrEngine } from './ivr-engine.js';
import { createMemoryCallQueue } from './memory-call-queue.js';
import { createMemoryEventLog } from './memory-event-log.js';
import type { Classifier } from './ports.js';

const flowFile = join(import.meta.dirname, '../../../../packages/ivr/flows/default.yaml');
const parsed = parseFlow(parse(readFileSync(flowFile, 'utf8')));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const flow: Flow = parsed.value;

/** Stand-in for the embedded classifier: the runtime's job is to call it and store the result. */
const keywords: Classifier = {
  name: 'test-keywords',
  async classify(text): Promise<Classification> {
    const t = text.toLowerCase();
    const hit = (re: RegExp, intent: string): Classification | null =>
      re.test(t) ? { intent, confidence: 0.9, sentiment: 'neutral', entities: {} } : null;
    return (
      hit(/invoice|bill|charged/, 'billing') ??
      hit(/crash|error/, 'technical') ??
      hit(/human|manager|person/, 'escalation') ?? { intent: 'general', confidence: 0.3, sentiment: 'neutral', entities: {} }
    );
  },
};

function harness(
  opts: { caller?: string; log?: EventLog; clock?: SimulatedClock; placer?: CallPlacer; queue?: CallQueue; classifier?: Classifier } = {},
) {
  const clock = opts.clock ?? new SimulatedClock();
  const events: CallEvent[] = [];
  const compliance = createMemoryComplianceStore({ now: () => new Date(clock.now()) });
  const log = opts.log ?? createMemoryEventLog();
  const queue = opts.queue ?? createMemoryCallQueue();
  const runtime = createCallRuntime({
    callId: 'call-1',
    flow,
    engine: ivrEngine,
    clock,
    classifier: opts.classifier ?? keywords,
    compliance,
    log,
    queue,
    sink: (e) => void events.push(e),
    ...(opts.placer ? { placer: opts.placer } : {}),
    // The counted billing agent is reached at a real number, from the business's own.
    agents: { roster: {}, callerId: '+12025550100', endpoint: () => ({ kind: 'phone', number: '+12025550142' }) },
  });
  const caller = opts.caller ?? '+4930901820';
  const connect = async () => {
    const jurisdiction = resolveJurisdiction(caller);
    const announcement = await announcementFor(jurisdiction.regime, flow.language);
    await runtime.connect({ caller, channel: 'pstn', tier: 'standard', industry: 'general', jurisdiction, announcement });
    await runtime.idle();
  };
  const types = () => events.map((e) => e.type);
  return { clock, events, compliance, log, runtime, connect, types, queue };
}

describe('call runtime', () => {
  it('opens with call.started and the consent announcement, then records consent durably before the recording starts', async () => {
    const h = harness();
    await h.connect();
    expect(h.events[0]).toMatchObject({
      type: 'call.started',
      callId: 'call-1',
      channel: 'pstn',
      jurisdiction: 'DE',
      regime: 'explicit-opt-in',
      atMs: 0,
    });
    expect(h.types().slice(0, 3)).toEqual(['call.started', 'consent.requested', 'prompt']);
    await h.clock.advance(2_000);
    await h.runtime.input({ type: 'caller.said', text: 'yes, that is fine' });
    await h.runtime.idle();
    expect(h.events).toContainEqual(
      expect.objectContaining({ type: 'consent.decided', decision: 'granted', method: 'voice', atMs: 2_000 }),
    );
    const started = h.events.find((e) => e.type === 'recording.started');
    expect(started).toMatchObject({ retentionDays: 30 });
    expect(h.compliance.consents).toHaveLength(1);
    expect(h.compliance.consents[0]).toMatchObject({
      decision: 'granted',
      method: 'voice',
      jurisdiction: 'DE',
      offsetMs: 2_000,
      announcementCompleted: true,
    });
    expect(h.compliance.audit.map((a) => a.action)).toEqual(['consent.decided', 'recording.started']);
    const recordingId = started?.type === 'recording.started' ? started.recordingId : '';
    expect(h.compliance.recordings.get(recordingId)?.status).toBe('active');
  });

  it('treats silence as a refusal under explicit opt-in: declined by timeout, nothing recorded', async () => {
    const h = harness();
    await h.connect();
    await h.clock.advance(12_000);
    await h.runtime.idle();
    expect(h.events).toContainEqual(
      expect.objectContaining({ type: 'consent.decided', decision: 'declined', method: 'timeout', atMs: 10_000 }),
    );
    expect(h.types()).not.toContain('recording.started');
    expect(h.compliance.recordings.size).toBe(0);
  });

  it('ignores a repeated input id and never steps it twice', async () => {
    const h = harness();
    await h.connect();
    expect((await h.runtime.input({ type: 'caller.dtmf', id: 'd1', digit: '1' })).accepted).toBe(true);
    expect(await h.runtime.input({ type: 'caller.dtmf', id: 'd1', digit: '1' })).toEqual({ accepted: false, reason: 'duplicate' });
    await h.runtime.idle();
    expect(h.types().filter((t) => t === 'consent.decided')).toHaveLength(1);
    expect((await h.log.read('call-1')).filter((e) => e.id === 'd1')).toHaveLength(1);
  });

  it('refuses a repeated utterance id after a restart before it reaches the classifier (one check: the engine state rebuilt from the log)', async () => {
    const log = createMemoryEventLog();
    const texts: string[] = [];
    const counting: Classifier = { name: 'counting', classify: (text) => (texts.push(text), keywords.classify(text)) };
    const first = harness({ log, classifier: counting });
    await first.connect();
    expect((await first.runtime.input({ type: 'caller.said', id: 's1', text: 'my invoice is wrong' })).accepted).toBe(true);
    await first.runtime.idle();
    first.runtime.close();
    const second = harness({ log, classifier: counting });
    await second.runtime.resume();
    expect(await second.runtime.input({ type: 'caller.said', id: 's1', text: 'my invoice is wrong' })).toEqual({
      accepted: false,
      reason: 'duplicate',
    });
    expect((await second.runtime.input({ type: 'caller.said', id: 's2', text: 'I need a human' })).accepted).toBe(true);
    expect(texts).toEqual(['my invoice is wrong', 'I need a human']);
    expect((await log.read('call-1')).filter((e) => e.id === 's1')).toHaveLength(1);
  });

  it('pauses the recording for card entry and keeps keyed digits out of the log, events and store', async () => {
    const h = harness();
    await h.connect();
    await h.runtime.input({ type: 'caller.dtmf', digit: '1' });
    await h.runtime.input({ type: 'payment.started' });
    for (const digit of '4242424242424242')
      expect(await h.runtime.input({ type: 'caller.dtmf', digit })).toEqual({ accepted: false, reason: 'card-entry' });
    expect(await h.runtime.input({ type: 'caller.said', text: 'my card is 4111 1111 1111 1111' })).toEqual({
      accepted: false,
      reason: 'card-entry',
    });
    await h.runtime.input({ type: 'payment.ended' });
    await h.runtime.idle();
    expect(h.types()).toEqual(expect.arrayContaining(['recording.paused', 'recording.resumed']));
    const logged = await h.log.read('call-1');
    expect(logged.filter((e) => e.type === 'caller.dtmf').map((e) => e.type === 'caller.dtmf' && e.digit)).toEqual(['1']);
    const everything = JSON.stringify([logged, h.events, h.compliance.audit, h.compliance.consents]);
    expect(everything).not.toMatch(/4242|4111/);
  });

  it('resumes a call from its log: same state, nothing re-emitted, pending timers still fire', async () => {
    const log = createMemoryEventLog();
    const clock = new SimulatedClock();
    const first = harness({ log, clock });
    await first.connect();
    await first.runtime.input({ type: 'caller.dtmf', digit: '1' });
    await first.runtime.idle();
    const stateBefore = first.runtime.state();
    first.runtime.close();

    const second = harness({ log, clock });
    const { events, replayed } = await second.runtime.resume();
    expect(events).toBeGreaterThan(2);
    expect(second.runtime.state()).toEqual(stateBefore);
    expect(second.events).toEqual([]);
    expect(replayed.map((e) => e.type)).toContain('consent.decided');
    expect(second.runtime.memory().recordingId).toBe(first.runtime.memory().recordingId);
    // The no-input timer armed before the restart fires in the resumed runtime.
    await clock.advance(flow.noInputMs);
    await second.runtime.idle();
    expect(second.events.filter((e) => e.type === 'prompt').map((e) => e.type === 'prompt' && e.id)).toContain('noInput');
    expect(second.runtime.failures()).toEqual([]);
  });

  it('queues a caller with no free agent, speaks 60 s updates, and transfers when an agent frees up', async () => {
    // Two agents work billing, both busy: the caller waits for one of them to finish.
    const queue = createMemoryCallQueue({ agents: { billing: { staffed: 2, available: 0 } } });
    const h = harness({ queue, caller: '+12125550123' });
    await h.connect();
    await h.clock.advance(5_000); // all-party objection window passes: notice
    await h.runtime.input({ type: 'caller.said', text: 'I have a question about my invoice' });
    await h.runtime.idle();
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'queue.joined', queue: 'billing', position: 1, ewtSeconds: 90 }));
    await h.clock.advance(125_000);
    expect(h.types().filter((t) => t === 'queue.update')).toHaveLength(2);
    queue.setAvailable('billing', 1);
    await h.runtime.idle();
    expect(h.events.at(-1)).toMatchObject({ type: 'transfer', mode: 'warm', to: 'billing-agent-1' });
  });

  it('reports every carrier attempt and degrades to the outage message when no carrier can carry the transfer', async () => {
    const requests: PlaceCallRequest[] = [];
    const down: CallPlacer = {
      async place(req): Promise<PlaceCallOutcome> {
        requests.push(req);
        return {
          ok: false,
          reason: 'all-down',
          attempts: [
            { provider: 'twilio', ok: false, error: '503' },
            { provider: 'telnyx', ok: false, error: 'timeout' },
          ],
        };
      },
      async hangup() {},
    };
    const h = harness({ placer: down });
    await h.connect();
    await h.runtime.input({ type: 'consent.given', answer: 'no' });
    await h.runtime.input({ type: 'caller.said', text: 'my invoice is wrong' });
    await h.runtime.idle();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ idempotencyKey: 'call-1:transfer:billing-agent-1', to: '+12025550142', from: '+12025550100' });
    const tail = h.types().slice(h.types().indexOf('carrier.attempt'));
    expect(tail).toEqual(['carrier.attempt', 'carrier.attempt', 'degraded', 'prompt', 'call.ended']);
    expect(h.types()).not.toContain('transfer');
    expect(h.types().filter((t) => t === 'call.ended')).toHaveLength(1);
    expect(h.events.find((e) => e.type === 'degraded')).toMatchObject({ mode: 'outage' });
  });
});
