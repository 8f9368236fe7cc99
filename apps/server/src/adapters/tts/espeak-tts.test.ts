import { describe, expect, it } from 'vitest';
import { rms } from '@switchboard/audio';
import { createEspeakTts } from './espeak-tts.js';

describe('espeak-ng TTS (real espeak-ng)', () => {
  it('synthesises 16 kHz speech and caches each prompt', async () => {
    let misses = 0;
    const tts = createEspeakTts({ onSynthesized: () => misses++ });
    const a = await tts.synthesize('Thanks for calling.');
    const seconds = a.length / 16000;
    expect(seconds).toBeGreaterThan(0.5);
    expect(seconds).toBeLessThan(3);
    expect(rms(a)).toBeGreaterThan(0.01);
    const b = await tts.synthesize('Thanks for calling.');
    expect(b).toBe(a);
    expect(misses).toBe(1);
  });

  it('treats a prompt starting with a dash as text, not an option', async () => {
    const out = await createEspeakTts().synthesize('-v is not a voice');
    expect(out.length).toBeGreaterThan(8000);
  });

  it('names the missing package', async () => {
    await expect(createEspeakTts({ binary: 'espeak-missing' }).synthesize('hi')).rejects.toThrow(/apt-get install espeak-ng/);
  });
});
