import { describe, expect, it } from 'vitest';
import { createPocketsphinxStt } from '../adapters/stt/pocketsphinx-stt.js';
import type { SpeechToText } from '../adapters/stt/stt.js';
import { loadSileroNode } from '../adapters/vad/silero-node.js';
import { defaultFlow, espeakWav } from '../../test/support/speech.js';
import { transcribeWav } from './wav-speech-input.js';

describe('transcribeWav (real Silero, real pocketsphinx)', () => {
  it('finds the utterance in 16 kHz and 8 kHz files and recognises it', async () => {
    const vad = await loadSileroNode();
    const stt = await createPocketsphinxStt({ flow: defaultFlow() });
    const wide = await transcribeWav(espeakWav('I need a refund'), { vad, stt });
    expect(wide.utterances).toHaveLength(1);
    expect(wide.text).toMatch(/refund/);
    const narrow = await transcribeWav(espeakWav('I need a refund', { rate: 8000 }), { vad, stt });
    expect(narrow.sampleRate).toBe(8000);
    // The VAD finds the speech in upsampled telephone audio; whether the grammar-constrained
    // recogniser then returns words for it varies run to run (FACTS.md: 8 kHz recognises
    // poorly), so accuracy at 8 kHz is reported by the speech bench, not asserted here.
    expect(narrow.segments).toBe(1);
  });

  it('sends nothing to the recogniser when the file is only noise', async () => {
    const vad = await loadSileroNode();
    let calls = 0;
    const stt: SpeechToText = { name: 'spy', constrained: false, transcribe: async () => ({ text: `x${calls++}`, engine: 'spy' }) };
    const out = await transcribeWav(espeakWav(' ', { padSeconds: 1 }), { vad, stt });
    expect(calls).toBe(0);
    expect(out.text).toBe('');
  });
});
