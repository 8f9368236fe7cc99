import type { ClientMessage } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { PRE_ROLL_FRAMES, SpeechGate } from './speech-gate';

function harness() {
  const out: (string | number)[] = [];
  const gate = new SpeechGate(
    (m: ClientMessage) => out.push(m.type),
    (f) => out.push(f[0]!),
  );
  let n = 0;
  /** feeds one frame whose first sample is its number; `vad` fires callbacks as vad-web would */
  const frame = (vad?: 'start' | 'end') => {
    const f = new Int16Array(512).fill(++n);
    gate.pushFrame(f);
    if (vad === 'start') gate.speechStarted();
    if (vad === 'end') gate.speechEnded();
    gate.afterVad(f);
  };
  return { out, frame };
}

describe('SpeechGate', () => {
  it('sends nothing at all for silence', () => {
    const h = harness();
    for (let i = 0; i < 100; i++) h.frame();
    expect(h.out).toEqual([]);
  });

  it('sends speech.start, the pre-roll in order, the speech, then speech.end', () => {
    const h = harness();
    for (let i = 0; i < 30; i++) h.frame();
    h.frame('start'); // frame 31
    h.frame();
    h.frame('end'); // frame 33
    h.frame();
    const first = 31 - PRE_ROLL_FRAMES + 1;
    const preRoll = Array.from({ length: PRE_ROLL_FRAMES }, (_, i) => first + i);
    expect(h.out).toEqual(['speech.start', ...preRoll, 32, 33, 'speech.end']);
  });

  it('handles back-to-back turns', () => {
    const h = harness();
    h.frame('start');
    h.frame('end');
    h.frame('start');
    h.frame('end');
    expect(h.out.filter((x) => typeof x === 'string')).toEqual(['speech.start', 'speech.end', 'speech.start', 'speech.end']);
    expect(h.out.filter((x) => typeof x === 'number')).toEqual([1, 2, 3, 4]);
  });
});
