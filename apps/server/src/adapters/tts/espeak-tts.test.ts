import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('runs at most `concurrency` espeak-ng processes at once; the rest wait their turn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-espeak-'));
    // A wrapper that notes how many runs overlap, then runs the real espeak-ng.
    const wrapper = join(dir, 'espeak-wrapper.sh');
    writeFileSync(wrapper, `#!/bin/sh\ntouch ${dir}/run.$$\nls ${dir} | grep -c '^run' >> ${dir}/overlap\nsleep 0.2\nrm ${dir}/run.$$\nexec espeak-ng "$@"\n`);
    chmodSync(wrapper, 0o755);
    const tts = createEspeakTts({ binary: wrapper, concurrency: 2 });
    const audio = await Promise.all(Array.from({ length: 6 }, (_, i) => tts.synthesize(`You are number ${i + 1} in the queue`)));
    expect(audio.every((a) => a.length > 16_000)).toBe(true);
    const overlaps = readFileSync(join(dir, 'overlap'), 'utf8').trim().split('\n').map(Number);
    expect(overlaps).toHaveLength(6);
    expect(Math.max(...overlaps)).toBeLessThanOrEqual(2);
  });
});
