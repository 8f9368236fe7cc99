import { describe, expect, it } from 'vitest';
import { SpeechSegmenter } from './speech-segmenter.js';

const frame = (v: number) => new Int16Array(512).fill(v);

function run(seg: SpeechSegmenter, probs: number[]) {
  return probs.map((p, i) => seg.push(p, frame(i))).flatMap((e, i) => (e ? [{ at: i, ...e }] : []));
}

describe('SpeechSegmenter', () => {
  it('reports start at the first speech frame and end after the redemption period, with padding', () => {
    const seg = new SpeechSegmenter({ redemptionMs: 96, preSpeechPadMs: 64, minSpeechMs: 64 });
    const probs = [0.1, 0.1, 0.1, 0.9, 0.9, 0.4, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1];
    const events = run(seg, probs);
    expect(events.map((e) => [e.type, e.at])).toEqual([
      ['speech.start', 3],
      ['speech.end', 10],
    ]);
    const end = events[1];
    if (end?.type !== 'speech.end') throw new Error('no end');
    // 2 frames of padding (1, 2) + frames 3..10.
    expect(end.audio.length).toBe(10 * 512);
    expect(end.audio[0]).toBe(1);
    expect(end.speechMs).toBe(4 * 32);
  });

  it('holds speech through a pause shorter than the redemption period (hysteresis)', () => {
    const seg = new SpeechSegmenter({ redemptionMs: 96, minSpeechMs: 96 });
    const events = run(seg, [0.9, 0.9, 0.1, 0.1, 0.9, 0.9, 0.1, 0.1, 0.1]);
    expect(events.map((e) => e.type)).toEqual(['speech.start', 'speech.end']);
  });

  it('calls a short burst a misfire', () => {
    const seg = new SpeechSegmenter({ redemptionMs: 32, minSpeechMs: 200 });
    expect(run(seg, [0.9, 0.9, 0.1]).map((e) => e.type)).toEqual(['speech.start', 'misfire']);
  });

  it('flushes an utterance in progress', () => {
    const seg = new SpeechSegmenter({ minSpeechMs: 0 });
    run(seg, [0.9, 0.9]);
    expect(seg.flush()?.type).toBe('speech.end');
    expect(seg.flush()).toBeUndefined();
  });

  it('rejects bad options loudly, naming each', () => {
    expect(() => new SpeechSegmenter({ positiveSpeechThreshold: 0.2, negativeSpeechThreshold: 0.5, redemptionMs: -1 })).toThrow(
      /negativeSpeechThreshold must be in \[0, positiveSpeechThreshold\].*redemptionMs must be ≥ 0/,
    );
    expect(() => new SpeechSegmenter({ redemptionMS: 500 } as never)).toThrow(/unknown option "redemptionMS"/);
    expect(() => new SpeechSegmenter({ minSpeechMs: Number.NaN })).toThrow(/minSpeechMs must be a finite number/);
  });
});
