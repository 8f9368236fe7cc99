import { afterEach, describe, expect, it } from 'vitest';
import { defaultFlow, espeakWav, readWav16k } from '../../../test/support/speech.js';
import { createPocketsphinxStt, type PocketsphinxStt } from './pocketsphinx-stt.js';
import type { SttError } from './stt.js';

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

describe('pocketsphinx kept loaded (real pocketsphinx_continuous processes)', () => {
  const opened: PocketsphinxStt[] = [];
  const open = async (options: Partial<Parameters<typeof createPocketsphinxStt>[0]> = {}) => {
    const stt = await createPocketsphinxStt({ flow: defaultFlow(), ...options });
    opened.push(stt);
    return stt;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((stt) => stt.close?.()));
  });

  it('transcribes a fresh recogniser’s first utterance exactly as a process of its own does', async () => {
    for (const text of ['I need a refund', 'my internet is down since this morning', 'I want to talk to a person']) {
      const audio = readWav16k(espeakWav(text));
      const kept = await open({ recognisers: 1 });
      const once = await open({ keepLoaded: false });
      const heard = await kept.transcribe(audio);
      expect(kept.recogniserPids()).toHaveLength(1);
      expect(heard.text).not.toBe('');
      expect(heard.text).toBe((await once.transcribe(audio)).text);
    }
  });

  it('keeps one process for many utterances, and gives concurrent utterances their own transcripts', async () => {
    const stt = await open({ recognisers: 2 });
    const spoken = {
      refund: readWav16k(espeakWav('I need a refund')),
      person: readWav16k(espeakWav('I want to talk to a person')),
      seats: readWav16k(espeakWav('I would like to buy more seats')),
    };
    expect((await stt.transcribe(spoken.refund)).text).toMatch(/refund/);
    const [first] = stt.recogniserPids();
    expect((await stt.transcribe(spoken.seats)).text).toMatch(/seats/);
    expect(stt.recogniserPids()).toEqual([first]);
    const heard = await Promise.all([stt.transcribe(spoken.person), stt.transcribe(spoken.refund), stt.transcribe(spoken.seats)]);
    expect(heard.map((h) => h.text)).toEqual([
      expect.stringMatching(/person/),
      expect.stringMatching(/refund/),
      expect.stringMatching(/seats/),
    ]);
    expect(heard[1]?.text).not.toMatch(/person|seats/);
    // two at a time (the bound), the third waited for one of them
    expect(stt.recogniserPids()).toHaveLength(2);
  });

  it('replaces a killed recogniser, and the utterance it was decoding goes through a process of its own', async () => {
    const fallbacks: SttError[] = [];
    const stt = await open({ recognisers: 1, onFallback: (e) => fallbacks.push(e) });
    const refund = readWav16k(espeakWav('I need a refund'));
    expect((await stt.transcribe(refund)).text).toMatch(/refund/);
    const [first] = stt.recogniserPids() as [number];
    // Frozen, then killed while it holds the next utterance.
    process.kill(first, 'SIGSTOP');
    const pending = stt.transcribe(refund);
    await new Promise((r) => setTimeout(r, 100));
    process.kill(first, 'SIGKILL');
    expect((await pending).text).toMatch(/refund/);
    expect(fallbacks.map((e) => e.code)).toEqual(['stt-failed']);
    expect(running(first)).toBe(false);
    expect((await stt.transcribe(refund)).text).toMatch(/refund/);
    const [second] = stt.recogniserPids();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(fallbacks).toHaveLength(1);
  });

  it('replaces a recogniser that died while idle', async () => {
    const stt = await open({ recognisers: 1 });
    const refund = readWav16k(espeakWav('I need a refund'));
    await stt.transcribe(refund);
    const [first] = stt.recogniserPids() as [number];
    process.kill(first, 'SIGKILL');
    await until(() => !stt.recogniserPids().includes(first));
    expect((await stt.transcribe(refund)).text).toMatch(/refund/);
    expect(stt.recogniserPids()).toHaveLength(1);
    expect(stt.recogniserPids()).not.toContain(first);
  });

  it('refuses a pool size that is not a whole number of at least one, naming it', async () => {
    await expect(createPocketsphinxStt({ flow: defaultFlow(), recognisers: 0 })).rejects.toThrow(
      /recognisers must be a whole number >= 1, got 0/,
    );
    await expect(createPocketsphinxStt({ flow: defaultFlow(), queue: 1.5 })).rejects.toThrow(/queue must be a whole number >= 0, got 1.5/);
  });

  it('leaves no recogniser process behind after close()', async () => {
    const stt = await createPocketsphinxStt({ flow: defaultFlow(), recognisers: 2 });
    const refund = readWav16k(espeakWav('I need a refund'));
    await Promise.all([stt.transcribe(refund), stt.transcribe(refund)]);
    const pids = stt.recogniserPids();
    expect(pids).toHaveLength(2);
    expect(pids.every(running)).toBe(true);
    await stt.close?.();
    expect(pids.filter(running)).toEqual([]);
    expect(stt.recogniserPids()).toEqual([]);
  });
});
