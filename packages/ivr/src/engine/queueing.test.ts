import { describe, expect, it } from 'vitest';
import { connected, defaultFlow, dtmf, effectTypes, feed, finished, fire, said, start, types } from '../../test/support/harness.js';

const flow = defaultFlow();
const queued = () => feed(flow, start(), connected('one-party', '+12145550100'), finished, said('my invoice is wrong', 'billing', 0.9));
const saysOf = (r: ReturnType<typeof queued>) => r.effects.flatMap((e) => (e.type === 'say' ? [e] : []));

describe('queue, hold and warm transfer', () => {
  it('joins with hold music, announces position and wait from queue.moved, updates every 60 s', () => {
    let r = queued();
    expect(r.effects.slice(-3).map((e) => e.type)).toEqual(['enqueue', 'play', 'startTimer']);
    expect(r.effects.at(-1)).toMatchObject({ afterMs: 60_000 });
    r = feed(flow, r, { type: 'queue.moved', queue: 'billing', position: 7, ewtSeconds: 240 });
    expect(saysOf(r).at(-1)).toMatchObject({ promptId: 'queueJoined', text: expect.stringMatching(/number 7 .*about 4 minutes/) });
    r = feed(flow, r, { type: 'queue.moved', queue: 'billing', position: 5, ewtSeconds: 170 });
    expect(saysOf(r).at(-1)?.promptId).toBe('queueJoined'); // moves alone don't speak
    r = fire(flow, r, 'queueUpdate');
    expect(r.events.at(-1)).toEqual({ type: 'queue.update', position: 5, ewtSeconds: 170 });
    expect(saysOf(r).at(-1)).toMatchObject({ promptId: 'queueUpdate', text: expect.stringMatching(/number 5.*3 minutes/) });
    r = feed(flow, r, { type: 'queue.moved', queue: 'billing', position: 2, ewtSeconds: 50 });
    r = fire(flow, r, 'queueUpdate');
    expect(saysOf(r).at(-1)).toMatchObject({ promptId: 'queueUpdateSoon', text: expect.stringContaining('number 2') });
  });

  it('a short wait is announced without minutes ("about 1 minutes")', () => {
    const r = feed(flow, queued(), { type: 'queue.moved', queue: 'billing', position: 1, ewtSeconds: 0 });
    expect(saysOf(r).at(-1)).toMatchObject({ promptId: 'queueUpdateSoon', text: expect.not.stringMatching(/minute/) });
  });

  it('ignores moves of other queues', () => {
    const r = feed(flow, queued(), { type: 'queue.moved', queue: 'sales', position: 1, ewtSeconds: 0 });
    expect(r.state.queue).toBeNull();
  });

  it('offers a callback on a long wait; 1 schedules it and ends the call', () => {
    let r = feed(flow, queued(), { type: 'queue.moved', queue: 'billing', position: 30, ewtSeconds: 1800 });
    expect(
      saysOf(r)
        .map((s) => s.promptId)
        .slice(-2),
    ).toEqual(['queueJoined', 'callbackOffer']);
    r = feed(flow, r, dtmf('1'));
    expect(types(r).slice(-2)).toEqual(['callback.scheduled', 'call.ended']);
    expect(effectTypes(r)).toContain('scheduleCallback');
    expect(r.effects).toContainEqual({ type: 'leaveQueue', queue: 'billing' });
    expect(r.state.endReason).toBe('callback-scheduled');
  });

  it('1 means nothing in the queue when no callback was offered', () => {
    const r = feed(flow, queued(), { type: 'queue.moved', queue: 'billing', position: 1, ewtSeconds: 30 }, dtmf('1'));
    expect(types(r)).not.toContain('callback.scheduled');
  });

  it('warm transfer briefs the agent with the one-line summary and full context', () => {
    const r = feed(flow, queued(), { type: 'agent.available', queue: 'billing', agentId: 'agent-7' });
    const transfer = r.effects.find((e) => e.type === 'transfer');
    expect(transfer).toMatchObject({ mode: 'warm', to: 'agent-7', context: { intent: 'billing', statement: 'my invoice is wrong' } });
    expect(transfer && 'summary' in transfer && transfer.summary).toMatch(/billing.*my invoice is wrong/);
    expect(r.events.at(-1)).toMatchObject({ type: 'transfer', mode: 'warm', to: 'agent-7' });
    expect(r.state.phase).toBe('transferred');
    expect(Object.keys(r.state.timers)).toEqual([]);
  });
});

describe('graceful degradation', () => {
  it('agents down while queued → voicemail, callback within 24 h confirmed', () => {
    let r = feed(flow, queued(), { type: 'agents.changed', queue: 'billing', available: 0 });
    expect(r.events.slice(-2)).toEqual([{ type: 'degraded', mode: 'voicemail' }, { type: 'callback.scheduled' }]);
    expect(r.effects).toContainEqual({ type: 'startVoicemail', queue: 'billing' });
    expect(saysOf(r).at(-1)?.text).toMatch(/24 hours/);
    r = fire(flow, r, 'voicemail');
    expect(r.events.at(-1)).toEqual({ type: 'call.ended', reason: 'voicemail' });
    expect(effectTypes(r).slice(-3)).toEqual(['stopRecording', 'hangup', 'emit']);
  });

  it('agents known down before the handoff → voicemail instead of an empty queue', () => {
    const r = feed(
      flow,
      start(),
      connected('one-party'),
      finished,
      { type: 'agents.changed', queue: 'technical', available: 0 },
      dtmf('2'),
    );
    expect(effectTypes(r)).not.toContain('enqueue');
    expect(r.events).toContainEqual({ type: 'degraded', mode: 'voicemail' });
    expect(saysOf(r).map((s) => s.promptId)).not.toContain('handoff');
  });

  it('a caller who declined recording gets the callback but no voicemail recording', () => {
    let r = feed(flow, start(), connected('explicit-opt-in'), finished, dtmf('2'), dtmf('1'));
    r = feed(flow, r, { type: 'agents.changed', queue: 'billing', available: 0 });
    expect(effectTypes(r)).not.toContain('startVoicemail');
    expect(types(r).slice(-3)).toEqual(['degraded', 'callback.scheduled', 'call.ended']);
  });

  it('carrier capacity → "1 for a callback, 2 to hold"; 2 keeps the place in the queue', () => {
    let r = feed(flow, queued(), { type: 'carrier.failed', reason: 'capacity' });
    expect(r.events.at(-1)).toEqual({ type: 'degraded', mode: 'callback' });
    expect(saysOf(r).at(-1)?.promptId).toBe('capacityChoice');
    r = feed(flow, r, dtmf('2'));
    expect(r.state.phase).toBe('queued');
    expect(effectTypes(r).filter((t) => t === 'enqueue')).toHaveLength(1);
  });

  it('carrier capacity → 1 schedules the callback', () => {
    const r = feed(flow, queued(), { type: 'carrier.failed', reason: 'capacity' }, dtmf('1'));
    expect(types(r).slice(-2)).toEqual(['callback.scheduled', 'call.ended']);
  });

  it('callers without a keypad answer the choice by voice', () => {
    const hold = feed(flow, queued(), { type: 'carrier.failed', reason: 'capacity' }, said("I'll wait", 'general', 0.3));
    expect(hold.state.phase).toBe('queued');
    const back = feed(flow, queued(), { type: 'carrier.failed', reason: 'capacity' }, said('just call me back', 'general', 0.3));
    expect(types(back).slice(-2)).toEqual(['callback.scheduled', 'call.ended']);
    const offered = feed(
      flow,
      queued(),
      { type: 'queue.moved', queue: 'billing', position: 30, ewtSeconds: 1800 },
      said('call me back please', 'general', 0.3),
    );
    expect(types(offered)).toContain('callback.scheduled');
  });

  it('carrier capacity during consent waits until consent is decided', () => {
    let r = feed(flow, start(), connected('explicit-opt-in'), finished, { type: 'carrier.failed', reason: 'capacity' });
    expect(types(r)).not.toContain('degraded');
    r = feed(flow, r, dtmf('1'));
    expect(r.events.at(-1)).toEqual({ type: 'degraded', mode: 'callback' });
    expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'granted', method: 'dtmf' });
  });

  it('every carrier down → outage message and hang-up, recording stopped first', () => {
    const r = feed(flow, queued(), { type: 'carrier.failed', reason: 'all-down' });
    expect(types(r).slice(-2)).toEqual(['degraded', 'call.ended']);
    expect(r.events.at(-1)).toEqual({ type: 'call.ended', reason: 'outage' });
    expect(effectTypes(r).slice(-4)).toEqual(['stopRecording', 'leaveQueue', 'hangup', 'emit']);
    expect(feed(flow, r, dtmf('1')).effects.length).toBe(r.effects.length);
  });
});
