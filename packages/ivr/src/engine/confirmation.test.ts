import type { Flow } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { confirmationAnswer } from './confirmation.js';
import { connected, defaultFlow, dtmf, feed, finished, fire, said, start, types } from '../../test/support/harness.js';

const base = defaultFlow();
const flow: Flow = { ...base, confirmBelowConfidence: 0.8 };
const greeted = (f: Flow = flow) => feed(f, start(), connected('one-party', '+12145550100'), finished);
const since = (r: ReturnType<typeof greeted>, from: number) => types(r).slice(from);

describe('the confirmation turn (flow.confirmBelowConfidence)', () => {
  it('reads a heard-but-unsure route back, and a yes hands off to that route', () => {
    const asked = feed(flow, greeted(), said('i was charged want ah if we', 'billing', 0.7));
    expect(since(asked, 2)).toEqual(['intent', 'confirm']);
    expect(asked.events.at(-1)).toEqual({ type: 'confirm', intent: 'billing', confidence: 0.7 });
    expect(asked.effects).toContainEqual(
      expect.objectContaining({ type: 'say', promptId: 'confirm', text: 'It sounds like billing. Is that right?' }),
    );
    expect(asked.state.phase).toBe('listening');
    const yes = feed(flow, asked, said('yes', 'general', 0.3));
    expect(types(yes).at(-1)).toBe('handoff');
    expect(yes.events.at(-1)).toMatchObject({ type: 'handoff', to: 'billing' });
    // The handoff statement is the request, not the "yes".
    expect(yes.events.at(-1)).toMatchObject({ context: { statement: 'i was charged want ah if we' } });
  });

  it('a no goes to the keypad menu, where a key routes', () => {
    const asked = feed(flow, greeted(), said('something about my plan', 'sales', 0.65));
    const no = feed(flow, asked, said("no that's not right", 'general', 0.4));
    expect(no.state.phase).toBe('menu');
    expect(no.effects).toContainEqual(expect.objectContaining({ type: 'say', promptId: 'menu' }));
    expect(no.events.some((e) => e.type === 'handoff')).toBe(false);
    const key = feed(flow, no, dtmf('1'));
    expect(key.events.at(-1)).toMatchObject({ type: 'handoff', to: 'billing' });
  });

  it('a confident restatement instead of yes/no routes by itself; an unsure one goes to the menu', () => {
    const asked = feed(flow, greeted(), said('my thing', 'sales', 0.65));
    const restated = feed(flow, asked, said('my app keeps crashing', 'technical', 0.95));
    expect(restated.events.at(-1)).toMatchObject({ type: 'handoff', to: 'technical' });
    const unsure = feed(flow, asked, said('the thing with the stuff', 'technical', 0.7));
    expect(unsure.state.phase).toBe('menu');
    expect(unsure.events.filter((e) => e.type === 'confirm')).toHaveLength(1);
  });

  it('confident routes, escalations and the default flow (confirmation off) are never read back', () => {
    const sure = feed(flow, greeted(), said('I was charged twice', 'billing', 0.95));
    expect(since(sure, 2)).toEqual(['intent', 'handoff']);
    const person = feed(flow, greeted(), said('a person please', 'escalation', 0.7));
    expect(person.events.some((e) => e.type === 'confirm')).toBe(false);
    expect(person.events.at(-1)).toMatchObject({ type: 'handoff', to: 'representative' });
    const off = feed(base, greeted(base), said('i was charged want ah if we', 'billing', 0.7));
    expect(since(off, 2)).toEqual(['intent', 'handoff']);
  });

  it('silence after the question asks it again, and a yes then still routes', () => {
    const asked = feed(flow, greeted(), said('something about my bill maybe', 'billing', 0.7));
    const again = fire(flow, asked, 'noInput');
    expect(again.effects.filter((e) => e.type === 'say' && e.promptId === 'confirm')).toHaveLength(2);
    const yes = feed(flow, again, said('yeah', 'general', 0.3));
    expect(yes.events.at(-1)).toMatchObject({ type: 'handoff', to: 'billing' });
  });
});

describe('confirmationAnswer', () => {
  it.each([
    ['yes', 'yes'],
    ["yeah that's right", 'yes'],
    ['correct', 'yes'],
    ['no', 'no'],
    ["no that's not right", 'no'],
    ['yes no', 'no'],
    ['wrong department', 'no'],
    ['my app keeps crashing', 'unclear'],
  ])('%s → %s', (text, expected) => {
    expect(confirmationAnswer(flow, text)).toBe(expected);
  });
});
