import { describe, expect, it } from 'vitest';
import { connected, defaultFlow, dtmf, effectTypes, feed, finished, fire, loadFlow, said, start, types } from '../../test/support/harness.js';

const flow = defaultFlow();
/** A one-party call: consent is notice, so the dialogue starts at once. */
const greeted = () => feed(flow, start(), connected('one-party', '+12145550100'), finished);
const sinceGreeting = <T>(events: T[]) => events.slice(2);

describe('routing', () => {
  it('the lesson: "charged twice … last week" → billing, handed off with the caller context', () => {
    const r = feed(
      flow,
      greeted(),
      said('Hi, I was charged twice on my credit card last week', 'billing', 0.92, 'neutral', { timeframe: 'last week' }),
    );
    expect(types(r).slice(2)).toEqual(['intent', 'handoff']);
    expect(r.events[2]).toEqual({
      type: 'intent',
      intent: 'billing',
      confidence: 0.92,
      sentiment: 'neutral',
      entities: { timeframe: 'last week' },
      via: 'speech',
    });
    const handoff = r.events[3];
    expect(handoff).toMatchObject({
      type: 'handoff',
      to: 'billing',
      context: {
        callerId: '+12145550100',
        intent: 'billing',
        statement: 'Hi, I was charged twice on my credit card last week',
        sentiment: 'neutral',
        entities: { timeframe: 'last week' },
      },
    });
    expect(String((handoff as { context: { summary: string } }).context.summary)).toMatch(/billing.*charged twice.*last week/);
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'enqueue', queue: 'billing' }));
    expect(r.state.phase).toBe('queued');
  });

  it('the lesson: frustrated caller escalates immediately with an apology', () => {
    const r = feed(
      flow,
      greeted(),
      said("This is ridiculous, I've called three times already!", 'escalation', 0.8, 'frustrated', { priorCalls: 3 }),
    );
    expect(sinceGreeting(types(r))).toEqual(['intent', 'escalation', 'handoff']);
    expect(r.events[3]).toEqual({ type: 'escalation', reason: 'frustrated' });
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'say', promptId: 'escalationApology' }));
    expect(r.events[4]).toMatchObject({ to: 'representative', context: { sentiment: 'frustrated', entities: { priorCalls: 3 } } });
  });

  it('frustration escalates even when the intent is specific', () => {
    const r = feed(flow, greeted(), said('third time calling about this bill, unacceptable', 'billing', 0.9, 'frustrated'));
    expect(r.events).toContainEqual({ type: 'escalation', reason: 'frustrated' });
    expect(r.events.find((e) => e.type === 'handoff')).toMatchObject({ to: 'representative' });
  });

  it('asking for a person is an escalation with reason request', () => {
    const r = feed(flow, greeted(), said('can I talk to a human', 'escalation', 0.9, 'neutral'));
    expect(r.events).toContainEqual({ type: 'escalation', reason: 'request' });
  });

  it('DTMF routes 1 billing, 2 technical, 3 sales, 0 representative', () => {
    for (const [digit, route] of [
      ['1', 'billing'],
      ['2', 'technical'],
      ['3', 'sales'],
      ['0', 'representative'],
    ] as const) {
      const r = feed(flow, greeted(), dtmf(digit));
      expect(r.events.find((e) => e.type === 'intent')).toMatchObject({ via: 'dtmf', confidence: 1 });
      expect(r.events.find((e) => e.type === 'handoff')).toMatchObject({ to: route });
    }
    const zero = feed(flow, greeted(), dtmf('0'));
    expect(zero.events).toContainEqual({ type: 'escalation', reason: 'request' });
    expect(zero.events.find((e) => e.type === 'handoff')).toMatchObject({
      context: { via: 'dtmf', escalation: 'request', summary: expect.stringContaining('keypad') },
    });
  });

  it('flows are data: the task-manager flow maps its own keys and routes', () => {
    const tm = loadFlow('task-manager');
    const call = () => feed(tm, start(), connected('one-party'), finished);
    expect(feed(tm, call(), dtmf('1')).events.find((e) => e.type === 'handoff')).toMatchObject({ to: 'product-help' });
    expect(feed(tm, call(), dtmf('3')).events.find((e) => e.type === 'handoff')).toMatchObject({ to: 'technical' });
    expect(feed(tm, call(), said('how do I share a board', 'tasks', 0.9)).events.find((e) => e.type === 'handoff')).toMatchObject({
      to: 'product-help',
    });
    expect(feed(tm, call(), dtmf('1')).effects.find((e) => e.type === 'say' && e.promptId === 'greeting')).toMatchObject({
      text: expect.stringContaining('Taskboard'),
    });
  });

  it('an unknown key says so and re-prompts with the menu', () => {
    const r = feed(flow, greeted(), dtmf('7'));
    const says = r.effects.filter((e) => e.type === 'say').map((e) => (e.type === 'say' ? e.promptId : ''));
    expect(says.slice(-2)).toEqual(['unknownKey', 'menu']);
    expect(types(r)).not.toContain('handoff');
  });

  it('unclear → one clarifying question → the DTMF menu → the fallback route', () => {
    let r = feed(flow, greeted(), said('I have a question', 'general', 0.7));
    expect(r.events.at(-1)).toEqual({ type: 'clarify', attempt: 1 });
    r = feed(flow, r, said('about my thing', 'billing', 0.4));
    expect(r.events.filter((e) => e.type === 'clarify')).toHaveLength(1);
    expect(r.effects.filter((e) => e.type === 'say').at(-1)).toEqual(expect.objectContaining({ promptId: 'menu' }));
    expect(r.state.phase).toBe('menu');
    r = feed(flow, r, said('hmm', 'general', 0.2));
    expect(r.events.find((e) => e.type === 'handoff')).toMatchObject({
      to: 'general',
      context: { statement: 'I have a question … about my thing … hmm' },
    });
  });

  it('a clear answer to the clarifying question routes, carrying both statements and merged entities', () => {
    let r = feed(flow, greeted(), said('question about account AC-1', 'general', 0.5, 'neutral', { accountId: 'AC-1' }));
    r = feed(flow, r, said('my invoice INV-9 is wrong', 'billing', 0.95, 'negative', { invoiceNumber: 'INV-9' }));
    expect(r.events.find((e) => e.type === 'handoff')).toMatchObject({
      to: 'billing',
      context: { entities: { accountId: 'AC-1', invoiceNumber: 'INV-9' }, sentiment: 'negative' },
    });
  });

  it('no input: re-prompt once, then offer a representative', () => {
    let r = fire(flow, greeted(), 'noInput');
    expect(r.effects.at(-2)).toEqual(expect.objectContaining({ type: 'say', promptId: 'noInput' }));
    expect(types(r)).not.toContain('escalation');
    r = fire(flow, r, 'noInput');
    expect(r.events).toContainEqual({ type: 'escalation', reason: 'no-input' });
    expect(r.events.find((e) => e.type === 'handoff')).toMatchObject({ to: 'representative' });
  });

  it('counts no input from the end of the prompt', () => {
    const r = feed(flow, greeted(), { type: 'prompt.finished', promptId: 'greeting' });
    const last = r.effects.slice(-2);
    expect(last.map((e) => e.type)).toEqual(['cancelTimer', 'startTimer']);
    expect(r.state.timers.noInput).not.toBe(greeted().state.timers.noInput);
  });

  it('ignores a repeated input id (carriers deliver twice)', async () => {
    const { step } = await import('./step.js');
    const r = greeted();
    const event = { type: 'caller.dtmf', digit: '1', id: 'dup', atMs: 5 } as const;
    const once = step(flow, r.state, event);
    const twice = step(flow, once.state, event);
    expect(once.effects.length).toBeGreaterThan(0);
    expect(twice.effects).toEqual([]);
    expect(twice.state).toBe(once.state);
  });

  it('never mutates the state it was given, and the state survives JSON', async () => {
    const { step } = await import('./step.js');
    const r = greeted();
    const frozen = JSON.stringify(r.state);
    const out = step(flow, r.state, { type: 'caller.dtmf', digit: '2', id: 'x', atMs: 1 });
    expect(JSON.stringify(r.state)).toBe(frozen);
    expect(JSON.parse(JSON.stringify(out.state))).toEqual(out.state);
  });

  it('caller hang-up stops the recording before call.ended, exactly once', () => {
    const r = feed(flow, greeted(), { type: 'caller.hungup' }, { type: 'caller.hungup' }, dtmf('1'));
    expect(effectTypes(r).slice(-2)).toEqual(['stopRecording', 'emit']);
    expect(r.events.filter((e) => e.type === 'call.ended')).toEqual([{ type: 'call.ended', reason: 'caller-hungup' }]);
    expect(effectTypes(r)).not.toContain('hangup');
  });
});
