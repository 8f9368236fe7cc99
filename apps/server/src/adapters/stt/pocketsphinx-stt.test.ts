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
});
