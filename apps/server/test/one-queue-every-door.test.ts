import { createMemoryComplianceStore } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import type { CallEvent } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { agentDirectory } from '../src/call/agent-directory.js';
import { CallDirectory } from '../src/call/call-directory.js';
import { createMemoryCallQueue } from '../src/call/memory-call-queue.js';
import { createSqliteEventLog } from '../src/call/sqlite-event-log.js';
import { SimulatedClock } from '../src/clock/simulated-clock.js';
import { createLogger } from '../src/observability/logger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { MediaStreamCall } from '../src/pstn/media-stream-call.js';
import { PstnCall } from '../src/pstn/pstn-call.js';
import { createSqliteOutbox } from '../src/ws/event-outbox.js';
import { LiveCall } from '../src/ws/live-call.js';
import { defaultFlow } from './support/speech.js';

/**
 * Three doors, one department: a media-stream phone caller, a Gather-loop phone caller and a web
 * visitor built from one services bundle share one queue and its one agent (issue 11).
 */
function build() {
  const db = new Database(':memory:');
  const flow = { ...defaultFlow(), agents: [{ id: 'ana', queue: 'billing', endpoint: 'console' as const }] };
  const clock = new SimulatedClock();
  const agents = agentDirectory(flow);
  const metrics = createMetrics();
  const queue = createMemoryCallQueue({
    roster: agents.roster,
    nowMs: () => clock.now(),
    onSize: (q, n) => metrics.queueSize.set({ queue: q }, n),
  });
  const events = new Map<string, CallEvent[]>();
  const calls = new CallDirectory();
  const services = {
    flow,
    classifier: createEmbeddedClassifier(flow),
    compliance: createMemoryComplianceStore({ now: () => new Date(clock.now()) }),
    eventLog: createSqliteEventLog(db),
    outbox: createSqliteOutbox(db),
    clock,
    logger: createLogger({ level: 'silent' }),
    metrics,
    queue,
    agents,
    calls,
    observe: (callId: string, event: CallEvent) => events.set(callId, [...(events.get(callId) ?? []), event]),
  };
  const of = (callId: string) => events.get(callId) ?? [];
  const find = <T extends CallEvent['type']>(callId: string, type: T) =>
    of(callId).filter((e): e is Extract<CallEvent, { type: T }> => e.type === type);
  return { services, clock, queue, metrics, calls, of, find };
}

describe('one queue behind every door', () => {
  it('numbers callers 1, 2, 3 across media stream, Gather and web, and answers the second only when the first agent is free', async () => {
    const { services, clock, queue, metrics, calls, find } = build();
    queue.setAvailable('billing', 0); // Ana is signed in but not yet taking calls

    // Media stream: prompts finish when the carrier echoes their marks.
    let stream: MediaStreamCall | undefined;
    stream = new MediaStreamCall(services, {
      provider: 'twilio',
      callSid: 'CA1',
      streamSid: 'MZ1',
      send(text) {
        const m = JSON.parse(text) as { event: string; mark?: { name: string } };
        if (m.event === 'mark' && m.mark) setImmediate(() => stream?.marked(m.mark?.name ?? ''));
      },
      onExit: () => undefined,
      onOverrun: () => undefined,
    });
    await stream.open('+4930901820');
    await new Promise((r) => setImmediate(r));
    await stream.runtime.idle();
    await stream.dtmf('2', 'd1'); // no recording
    // The greeting's marks come back before the menu key: two keys with no prompt between them
    // are a keyed string (card data), which is never stored (issue 13).
    await stream.runtime.idle();
    await new Promise((r) => setImmediate(r));
    await stream.dtmf('1', 'd2'); // billing
    await stream.runtime.idle();

    // Gather loop: a prompt has played once the carrier's next Gather action arrives.
    const gather = await PstnCall.start(services, { provider: 'signalwire', callSid: 'CA2', from: '+4930901821' });
    gather.takePrompts();
    await gather.played();
    await gather.input({ type: 'caller.dtmf', id: 'g1', digit: '2' });
    gather.takePrompts();
    await gather.played();
    await gather.input({ type: 'caller.dtmf', id: 'g2', digit: '1' });
    await gather.runtime.idle();

    // Web: prompts play for their reading time on the (simulated) clock.
    const web = await LiveCall.open('web-3', services);
    await clock.advance(8_000);
    await web.message({ type: 'consent', id: 'c1', answer: 'no' });
    await web.message({ type: 'dtmf', id: 'w1', digit: '1' });
    await web.runtime.idle();

    expect(find(stream.callId, 'queue.joined')).toEqual([expect.objectContaining({ queue: 'billing', position: 1 })]);
    expect(find(gather.callId, 'queue.joined')).toEqual([expect.objectContaining({ queue: 'billing', position: 2 })]);
    expect(find(web.callId, 'queue.joined')).toEqual([expect.objectContaining({ queue: 'billing', position: 3 })]);
    expect(await metrics.registry.getSingleMetricAsString('switchboard_queue_size')).toContain('switchboard_queue_size{queue="billing"} 3');
    // The one call directory holds every door's call (staff card entry reaches each).
    for (const id of [stream.callId, gather.callId, web.callId]) expect(calls.find(id)).toBeDefined();

    // Ana starts taking calls: the head of the line (the media-stream caller) is transferred to her.
    queue.setAvailable('billing', 1);
    await stream.runtime.idle();
    await gather.runtime.idle();
    expect(find(stream.callId, 'transfer')).toEqual([expect.objectContaining({ to: 'ana' })]);
    expect(find(gather.callId, 'transfer')).toEqual([]);

    // The first caller hangs up: Ana is free, and the Gather caller — now first — is hers.
    await stream.hangup('hungup:CA1');
    await gather.runtime.idle();
    await web.runtime.idle();
    expect(find(stream.callId, 'call.ended')).toHaveLength(1);
    expect(find(gather.callId, 'transfer')).toEqual([expect.objectContaining({ to: 'ana' })]);
    expect(find(web.callId, 'transfer')).toEqual([]);
    expect(await metrics.registry.getSingleMetricAsString('switchboard_queue_size')).toContain('switchboard_queue_size{queue="billing"} 1');
    await web.close();
    await gather.session.close();
  });
});
