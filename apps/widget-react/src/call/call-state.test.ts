import type { CallEvent } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { addNotice, applyCallEvent, applyServerMessage, initialCallState } from './call-state';

const run = (events: CallEvent[]) => events.reduce((s, e, i) => applyCallEvent(s, e, i + 1), initialCallState);

describe('call state', () => {
  it('shows prompts as the system side and caller transcripts as the caller side', () => {
    const s = run([
      { type: 'prompt', atMs: 0, id: 'greet', text: 'How can I help?' },
      { type: 'transcript', atMs: 10, role: 'caller', text: 'I was charged twice' },
      { type: 'transcript', atMs: 11, role: 'system', text: 'How can I help?' },
    ]);
    expect(s.transcript.map((l) => [l.role, l.text])).toEqual([
      ['system', 'How can I help?'],
      ['caller', 'I was charged twice'],
    ]);
  });

  it('opens the consent question and closes it on a decision', () => {
    const open = run([{ type: 'consent.requested', atMs: 0, regime: 'explicit-opt-in' }]);
    expect(open.consentOpen).toBe(true);
    const decided = applyCallEvent(open, { type: 'consent.decided', atMs: 5, decision: 'granted', method: 'web' }, 2);
    expect(decided.consentOpen).toBe(false);
    expect(decided.consent).toBe('granted');
  });

  it('holds the consent buttons until the announcement has played to the end', () => {
    let s = run([
      { type: 'consent.requested', atMs: 0, regime: 'explicit-opt-in' },
      { type: 'prompt', atMs: 1, id: 'consent.announcement', text: 'We would like to record…' },
    ]);
    expect(s.announcementPlaying).toBe(true);
    s = applyServerMessage(s, { type: 'tts', state: 'start', promptId: 'consent.announcement' });
    s = applyServerMessage(s, { type: 'tts', state: 'end', promptId: 'other' });
    expect(s.announcementPlaying).toBe(true);
    s = applyServerMessage(s, { type: 'tts', state: 'end', promptId: 'consent.announcement' });
    expect(s.announcementPlaying).toBe(false);
    expect(s.consentOpen).toBe(true);
  });

  it('records the route and the queue position, and clears the queue on transfer', () => {
    const s = run([
      { type: 'intent', atMs: 0, intent: 'billing', confidence: 0.9, sentiment: 'neutral', entities: {}, via: 'speech' },
      { type: 'queue.joined', atMs: 1, queue: 'billing', position: 4, ewtSeconds: 240 },
      { type: 'queue.update', atMs: 2, position: 2, ewtSeconds: 90 },
    ]);
    expect(s.route).toEqual({ intent: 'billing', via: 'speech' });
    expect(s.queue).toEqual({ position: 2, ewtSeconds: 90 });
    const t = applyCallEvent(s, { type: 'transfer', atMs: 3, mode: 'warm', to: 'agent-7', summary: 'x' }, 9);
    expect(t.queue).toBeNull();
    expect(t.transferredTo).toBe('agent-7');
  });

  it('shows a card-entry notice while the recording is paused for PCI, once, and drops it on resume', () => {
    const paused = run([
      { type: 'recording.paused', atMs: 0, reason: 'pci' },
      { type: 'recording.paused', atMs: 1, reason: 'pci' },
    ]);
    expect(paused.notices.map((n) => n.kind)).toEqual(['card-entry']);
    expect(paused.notices[0]?.message).toMatch(/not transcribed/);
    expect(applyCallEvent(paused, { type: 'recording.resumed', atMs: 2 }, 3).notices).toEqual([]);
  });

  it('takes the VAD mode the server confirmed and its speech state', () => {
    const s = applyServerMessage(initialCallState, { type: 'ready', callId: 'c1', vad: 'server' });
    expect(s.modes.vad).toBe('server');
    expect(applyServerMessage(s, { type: 'vad', state: 'speech.start' }).callerSpeaking).toBe(true);
  });

  it('ends the call and shows each notice once', () => {
    const ended = run([{ type: 'call.ended', atMs: 0, reason: 'hangup' }]);
    expect(ended.phase).toBe('ended');
    const n = { kind: 'server-vad', message: 'm' } as const;
    expect(addNotice(addNotice(ended, n), n).notices).toHaveLength(1);
  });
});
