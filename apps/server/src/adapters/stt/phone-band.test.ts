import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { espeakWav, readWav16k } from '../../../test/support/speech.js';
import { fillPhoneBand, highBandShare } from './phone-band.js';

/** espeak-ng speech through the phone band: 8 kHz, then back up to 16 kHz as the server does. */
function phoneBand(text: string): Int16Array {
  const narrow = espeakWav(text, { rate: 8000 });
  const up = join(mkdtempSync(join(tmpdir(), 'sb-band-')), 'up.wav');
  execFileSync('sox', [narrow, '-r', '16000', up]);
  return readWav16k(up);
}

describe('fillPhoneBand', () => {
  const wide = readWav16k(espeakWav('I was charged twice last week'));
  const narrow = phoneBand('I was charged twice last week');

  it('tells phone-band audio (nothing above 4 kHz) from wide-band speech', () => {
    expect(highBandShare(wide)).toBeGreaterThan(0.005);
    expect(highBandShare(narrow)).toBeLessThan(0.0005);
    expect(highBandShare(new Int16Array(1600))).toBe(0);
  });

  it('leaves wide-band audio alone and fills the empty band of phone audio, the same way every time', () => {
    expect(fillPhoneBand(wide)).toBe(wide);
    const filled = fillPhoneBand(narrow);
    expect(filled).not.toBe(narrow);
    expect(filled.length).toBe(narrow.length);
    expect(highBandShare(filled)).toBeGreaterThan(0.001);
    expect(fillPhoneBand(narrow)).toEqual(filled);
    // Below 4 kHz the speech is untouched: the difference is all in the high band.
    const difference = Int16Array.from(filled, (s, i) => s - (narrow[i] as number));
    expect(highBandShare(difference)).toBeGreaterThan(0.8);
  });
});
