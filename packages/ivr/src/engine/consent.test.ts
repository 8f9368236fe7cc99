import { describe, expect, it } from 'vitest';
import { connected, defaultFlow, dtmf, effectTypes, feed, finished, fire, said, start, types } from '../../test/support/harness.js';
import { ANNOUNCEMENT_PROMPT } from './consent.js';

const flow = defaultFlow();

describe('consent comes first', () => {
  it('announces before the greeting, not interruptible, and stores nothing yet (explicit opt-in)', () => {
    const r = feed(flow, start(), connected('explicit-opt-in'), finished);
    expect(types(r)).toEqual(['consent.requested']);
    const says = r.effects.filter((e) => e.type === 'say');
    expect(says).toEqual([{ type: 'say', promptId: ANNOUNCEMENT_PROMPT, text: expect.stringContaining('recorded'), interruptible: false }]);
    expect(effectTypes(r)).not.toContain('startRecording');
    expect(r.state.phase).toBe('consent');
  });

  it('explicit opt-in: spoken yes → recordConsent before startRecording, then the greeting', () => {
    const r = feed(
      flow,
      start(),
      connected('explicit-opt-in'),
      { type: 'prompt.finished', promptId: ANNOUNCEMENT_PROMPT },
      said("yes, that's fine", 'general'),
    );
    const kinds = effectTypes(r);
    expect(kinds.indexOf('recordConsent')).toBeLessThan(kinds.indexOf('startRecording'));
    expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'granted', method: 'voice' });
    expect(r.effects).toContainEqual({ type: 'startRecording', retentionDays: 30 });
    expect(r.effects).toContainEqual(
      expect.objectContaining({ type: 'recordConsent', announcementCompleted: true, regime: 'explicit-opt-in' }),
    );
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'say', promptId: 'greeting' }));
    // The yes was a consent answer, not a request to route.
    expect(types(r)).not.toContain('intent');
  });

  it('explicit opt-in: silence until the timeout is a refusal (GDPR Recital 32), and the call goes on', () => {
    const r = fire(flow, feed(flow, start(), connected('explicit-opt-in'), finished), 'consent');
    expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'declined', method: 'timeout' });
    expect(effectTypes(r)).not.toContain('startRecording');
    expect(r.state.phase).toBe('listening');
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'say', promptId: 'greeting' }));
  });

  it('explicit opt-in: an announcement longer than the answer window does not time the caller out', () => {
    // espeak-ng speaks the announcement in about 10 s, the default window; the window runs from its end.
    let r = fire(flow, feed(flow, start(), connected('explicit-opt-in')), 'consent');
    expect(types(r)).not.toContain('consent.decided');
    r = feed(flow, r, finished, said('yes, go ahead', 'general'));
    expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'granted', method: 'voice' });
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'recordConsent', announcementCompleted: true }));
  });

  it('explicit opt-in: an announcement never heard to the end is declined after the guard window', () => {
    const r = fire(flow, fire(flow, feed(flow, start(), connected('explicit-opt-in')), 'consent'), 'consent');
    expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'declined', method: 'timeout' });
    expect(effectTypes(r)).not.toContain('startRecording');
  });

  it('explicit opt-in: while the question is open 1 is yes and 2 is no (not billing/technical)', () => {
    const yes = feed(flow, start(), connected('explicit-opt-in'), finished, dtmf('1'));
    expect(yes.events).toContainEqual({ type: 'consent.decided', decision: 'granted', method: 'dtmf' });
    expect(types(yes)).not.toContain('handoff');
    const no = feed(flow, start(), connected('explicit-opt-in'), finished, dtmf('2'));
    expect(no.events).toContainEqual({ type: 'consent.decided', decision: 'declined', method: 'dtmf' });
    expect(types(no)).not.toContain('handoff');
    expect(effectTypes(no)).not.toContain('startRecording');
  });

  it('explicit opt-in: ambiguous speech asks once more, then waits for a clear answer or the timeout', () => {
    let r = feed(flow, start(), connected('explicit-opt-in'), finished, said('what is this about', 'general'));
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'say', promptId: 'consentReask' }));
    r = feed(flow, r, said('hmm', 'general'));
    expect(r.effects.filter((e) => e.type === 'say' && e.promptId === 'consentReask')).toHaveLength(1);
    expect(r.state.phase).toBe('consent');
    r = fire(flow, r, 'consent');
    expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'declined', method: 'timeout' });
  });

  it('explicit opt-in: a key other than 1 or 2 is unclear too, and re-asks once', () => {
    const r = feed(flow, start(), connected('explicit-opt-in'), finished, dtmf('3'), dtmf('3'));
    expect(r.effects.filter((e) => e.type === 'say' && e.promptId === 'consentReask')).toHaveLength(1);
    expect(types(r)).toEqual(['consent.requested']);
  });

  it('a refusal word wins over a yes-word in the same answer', () => {
    const r = feed(flow, start(), connected('explicit-opt-in'), finished, said("yes... no, don't record me", 'general'));
    expect(r.events).not.toContainEqual(expect.objectContaining({ decision: 'granted' }));
  });

  it('web buttons decide with method web', () => {
    const r = feed(flow, start(), connected('explicit-opt-in'), finished, { type: 'consent.given', answer: 'yes' });
    expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'granted', method: 'web' });
  });

  it('all-party: silence through the objection window is notice, and recording starts', () => {
    const r = fire(flow, feed(flow, start(), connected('all-party', '+14155550100'), finished), 'consent');
    expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'granted', method: 'notice' });
    expect(r.effects).toContainEqual({ type: 'startRecording', retentionDays: 90 });
    expect(r.effects.find((e) => e.type === 'startTimer')).toEqual(expect.objectContaining({ afterMs: flow.consent.objectionWindowMs }));
  });

  it('all-party: "no" or 2 inside the window declines', () => {
    for (const input of [said('no', 'general'), dtmf('2')]) {
      const r = feed(flow, start(), connected('all-party'), finished, input);
      expect(r.events).toContainEqual(expect.objectContaining({ type: 'consent.decided', decision: 'declined' }));
      expect(effectTypes(r)).not.toContain('startRecording');
    }
  });

  it('one-party: disclosure, then notice as soon as it has played', () => {
    const playing = feed(flow, start(), connected('one-party', '+12145550100'));
    expect(types(playing)).toEqual(['consent.requested']);
    const r = feed(flow, playing, finished);
    expect(r.events[1]).toEqual({ type: 'consent.decided', decision: 'granted', method: 'notice' });
    expect(effectTypes(r).slice(effectTypes(playing).length)).toEqual([
      'cancelTimer',
      'recordConsent',
      'emit',
      'startRecording',
      'say',
      'startTimer',
    ]);
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'recordConsent', announcementCompleted: true }));
  });

  it('a yes during the announcement is decided when it has played to the end; a no at once', () => {
    let r = feed(flow, start(), connected('explicit-opt-in'), dtmf('1'));
    expect(types(r)).toEqual(['consent.requested']);
    r = feed(flow, r, finished);
    expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'granted', method: 'dtmf' });
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'recordConsent', announcementCompleted: true }));
    const no = feed(flow, start(), connected('explicit-opt-in'), dtmf('1'), said('no', 'general'));
    expect(no.events).toContainEqual({ type: 'consent.decided', decision: 'declined', method: 'voice' });
  });

  it('no grant without proof the announcement was heard: notice regimes wait one more window, then decline', () => {
    for (const regime of ['all-party', 'one-party'] as const) {
      let r = fire(flow, feed(flow, start(), connected(regime)), 'consent');
      expect(types(r)).toEqual(['consent.requested']);
      r = fire(flow, r, 'consent');
      expect(r.events).toContainEqual({ type: 'consent.decided', decision: 'declined', method: 'timeout' });
      expect(effectTypes(r)).not.toContain('startRecording');
    }
  });

  it('the announcement is not interruptible; later prompts are', () => {
    let r = feed(flow, start(), connected('one-party'), { type: 'caller.interrupted' });
    expect(effectTypes(r)).not.toContain('stopSpeaking');
    r = feed(flow, r, { type: 'prompt.finished', promptId: ANNOUNCEMENT_PROMPT }, { type: 'caller.interrupted' });
    expect(effectTypes(r)).toContain('stopSpeaking');
  });
});

describe('withdrawal and PCI pause', () => {
  const granted = () => feed(flow, start(), connected('explicit-opt-in'), finished, dtmf('1'));

  it('"stop recording" mid-call stops and discards under explicit opt-in, and never restarts', () => {
    let r = feed(flow, granted(), said('please stop recording', 'general', 0.3));
    expect(r.effects).toContainEqual({ type: 'stopRecording', discard: true });
    expect(types(r)).toContain('consent.withdrawn');
    expect(types(r)).not.toContain('clarify');
    r = feed(flow, r, { type: 'consent.given', answer: 'yes' }, { type: 'payment.started' }, { type: 'payment.ended' });
    expect(effectTypes(r).filter((t) => t === 'startRecording' || t === 'resumeRecording')).toEqual(['startRecording']);
  });

  it('withdrawal under notice stops without discarding', () => {
    const r = feed(flow, start(), connected('one-party'), finished, said("don't record this", 'general'));
    expect(r.effects).toContainEqual({ type: 'stopRecording', discard: false });
  });

  it('card digits are dropped: no trace in effects or state, recording paused then resumed', () => {
    const before = feed(flow, granted(), { type: 'payment.started' });
    expect(before.effects).toContainEqual({ type: 'pauseRecording', reason: 'pci' });
    expect(before.effects).toContainEqual(expect.objectContaining({ type: 'say', promptId: 'pciPaused' }));
    const a = feed(flow, before, dtmf('4'), dtmf('2'));
    const b = feed(flow, before, dtmf('9'), dtmf('7'));
    expect(a.state).toEqual(b.state);
    expect(a.effects).toEqual(b.effects);
    expect(a.effects.length).toBe(before.effects.length);
    const after = feed(flow, a, { type: 'payment.ended' });
    expect(after.effects).toContainEqual({ type: 'resumeRecording' });
    // Issue 13: the caller hears both the pause and the resume.
    expect(after.effects).toContainEqual(expect.objectContaining({ type: 'say', promptId: 'pciResumed', text: flow.prompts.pciResumed }));
  });

  it('consent granted during card entry defers the start until the entry ends', () => {
    let r = feed(
      flow,
      start(),
      connected('explicit-opt-in'),
      finished,
      { type: 'payment.started' },
      { type: 'consent.given', answer: 'yes' },
    );
    expect(effectTypes(r)).not.toContain('startRecording');
    r = feed(flow, r, { type: 'payment.ended' });
    expect(effectTypes(r)).toContain('startRecording');
  });
});
