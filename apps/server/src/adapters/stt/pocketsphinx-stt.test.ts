import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFlow, espeakWav, readWav16k } from '../../../test/support/speech.js';
import { createPocketsphinxStt } from './pocketsphinx-stt.js';
import { SttError } from './stt.js';

describe('pocketsphinx STT (real pocketsphinx_continuous)', () => {
  it('recognises espeak-ng speech within the flow grammar', async () => {
    const stt = await createPocketsphinxStt({ flow: defaultFlow(), decoding: 'grammar' });
    const { text, engine } = await stt.transcribe(readWav16k(espeakWav('I need a refund')));
    expect(engine).toBe('pocketsphinx');
    expect(text).toMatch(/refund/);
  });

  it('recognises a sentence outside the examples with the language model built from the flow', async () => {
    const stt = await createPocketsphinxStt({ flow: defaultFlow(), decoding: 'language-model' });
    const { text, engine } = await stt.transcribe(readWav16k(espeakWav('I was charged twice last week')));
    expect(engine).toBe('pocketsphinx-lm');
    expect(text).toMatch(/charged/);
  });

  it('says clearly when pocketsphinx is not installed, and that it is not worth retrying', async () => {
    const stt = await createPocketsphinxStt({ flow: defaultFlow(), binary: 'pocketsphinx_not_installed' });
    const error = await stt.transcribe(new Int16Array(16000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SttError);
    expect(error).toMatchObject({ code: 'stt-unavailable', retryable: false });
    expect((error as Error).message).toMatch(/apt-get install pocketsphinx.*keypad/);
  });

  it('removes its model folder on close() and refuses to transcribe afterwards', async () => {
    const audio = readWav16k(espeakWav('I need a refund'));
    const ownTmp = mkdtempSync(join(tmpdir(), 'sb-stt-test-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = ownTmp;
    const stt = await createPocketsphinxStt({ flow: defaultFlow() }).finally(() => {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    });
    const [dir] = readdirSync(ownTmp);
    expect(dir).toMatch(/^sb-stt-/);
    expect(readdirSync(join(ownTmp, dir as string))).toEqual(expect.arrayContaining(['flow.arpa', 'flow.dict']));
    const pending = stt.transcribe(audio);
    await stt.close?.();
    // close() waited for the utterance in flight, then removed the folder.
    expect((await pending).text).toMatch(/refund/);
    expect(readdirSync(ownTmp)).toEqual([]);
    await expect(stt.transcribe(audio)).rejects.toMatchObject({ code: 'stt-unavailable', retryable: false });
    rmSync(ownTmp, { recursive: true });
  });

  it('removes its model folders when the process exits without close()', () => {
    const ownTmp = mkdtempSync(join(tmpdir(), 'sb-stt-test-'));
    const script = `
      import { readdirSync } from 'node:fs';
      import { createPocketsphinxStt } from ${JSON.stringify(join(import.meta.dirname, 'pocketsphinx-stt.ts'))};
      import { defaultFlow } from ${JSON.stringify(join(import.meta.dirname, '..', '..', '..', 'test', 'support', 'speech.ts'))};
      await createPocketsphinxStt({ flow: defaultFlow() });
      await createPocketsphinxStt({ flow: defaultFlow(), decoding: 'grammar' });
      console.log(readdirSync(${JSON.stringify(ownTmp)}).filter((d) => d.startsWith('sb-stt-')).length);
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: ownTmp },
    });
    expect(out.trim()).toBe('2');
    // (tsx keeps its own cache folder there)
    expect(readdirSync(ownTmp).filter((d) => d.startsWith('sb-stt-'))).toEqual([]);
    rmSync(ownTmp, { recursive: true });
  });
});
