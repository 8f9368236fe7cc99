import { describe, expect, it } from 'vitest';
import type { TextToSpeech } from '../adapters/tts/tts.js';
import { silentLogger } from '../call/ports.js';
import { MediaStreamAudioOut, PhonePromptCache } from './media-stream-audio-out.js';

const tts = (calls: string[]): TextToSpeech => ({
  name: 'fake',
  synthesize: async (text) => {
    calls.push(text);
    return new Int16Array(640).fill(1000); // 40 ms → 320 bytes of μ-law → two 20 ms media messages
  },
});

function setup() {
  const sent: { event: string; mark?: { name: string } }[] = [];
  const synthesized: string[] = [];
  const out = new MediaStreamAudioOut({
    send: (t) => sent.push(JSON.parse(t)),
    streamSid: 'MZ1',
    prompts: new PhonePromptCache(tts(synthesized)),
    logger: silentLogger,
  });
  return { out, sent, synthesized };
}

describe('media stream audio out', () => {
  it('queues prompts in order, each as media then one mark, and finishes each on its echoed mark', async () => {
    const { out, sent, synthesized } = setup();
    const finished: string[] = [];
    void out.speak({ promptId: 'a', text: 'first', interruptible: false }).then(() => finished.push('a'));
    void out.speak({ promptId: 'b', text: 'second', interruptible: true }).then(() => finished.push('b'));
    await new Promise((r) => setTimeout(r, 10));
    expect(sent.map((m) => (m.event === 'mark' ? `mark:${m.mark?.name}` : m.event))).toEqual([
      'media',
      'media',
      'mark:a#1',
      'media',
      'media',
      'mark:b#2',
    ]);
    expect(out.interruptible).toBe(false); // the first one is playing
    out.marked('a#1');
    await Promise.resolve();
    expect(finished).toEqual(['a']);
    expect(out.interruptible).toBe(true);
    out.marked('b#2');
    await out.drained();
    expect(finished).toEqual(['a', 'b']);
    expect(out.speaking).toBe(false);
    void out.speak({ promptId: 'c', text: 'first', interruptible: true });
    await new Promise((r) => setTimeout(r, 10));
    expect(synthesized).toEqual(['first', 'second']); // the repeat came from the cache
  });

  it('barge-in sends clear, finishes what was queued, and ignores the marks Twilio then echoes', async () => {
    const { out, sent } = setup();
    const finished: string[] = [];
    void out.speak({ promptId: 'g', text: 'greeting', interruptible: true }).then(() => finished.push('g'));
    await new Promise((r) => setTimeout(r, 10));
    out.stopSpeaking();
    expect(sent.at(-1)).toEqual({ event: 'clear', streamSid: 'MZ1' });
    await Promise.resolve();
    expect(finished).toEqual(['g']);
    out.marked('g#1'); // the echo of the cleared mark: not a second finish
    await Promise.resolve();
    expect(finished).toEqual(['g']);
    out.stopSpeaking(); // nothing playing: no second clear
    expect(sent.filter((m) => m.event === 'clear')).toHaveLength(1);
  });
});
