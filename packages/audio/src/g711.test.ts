import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alawDecode, alawDecodeSample, alawEncode, alawEncodeSample, mulawDecode, mulawDecodeSample, mulawEncode, mulawEncodeSample } from './g711.js';

describe('G.711', () => {
  it('encodes silence to the standard code words', () => {
    expect(mulawEncodeSample(0)).toBe(0xff);
    expect(alawEncodeSample(0)).toBe(0xd5);
    expect(mulawDecodeSample(0xff)).toBe(0);
  });

  it('decodes every code word to a value that encodes back to it (μ-law has two zeros)', () => {
    for (let byte = 0; byte < 256; byte++) {
      const pcm = mulawDecodeSample(byte);
      if (byte !== 0x7f) expect(mulawEncodeSample(pcm)).toBe(byte);
      expect(alawEncodeSample(alawDecodeSample(byte))).toBe(byte);
    }
  });

  it('keeps the round-trip error within the segment step (logarithmic companding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -32000, max: 32000 }), (pcm) => {
        const tolerance = Math.max(16, Math.abs(pcm) / 16);
        expect(Math.abs(mulawDecodeSample(mulawEncodeSample(pcm)) - pcm)).toBeLessThanOrEqual(tolerance);
        expect(Math.abs(alawDecodeSample(alawEncodeSample(pcm)) - pcm)).toBeLessThanOrEqual(tolerance);
      }),
    );
  });

  it('is monotonic in the decoded value', () => {
    const xs = Int16Array.from({ length: 200 }, (_, i) => -32000 + i * 320);
    const mu = mulawDecode(mulawEncode(xs));
    const a = alawDecode(alawEncode(xs));
    for (let i = 1; i < xs.length; i++) {
      expect(mu[i] as number).toBeGreaterThanOrEqual(mu[i - 1] as number);
      expect(a[i] as number).toBeGreaterThanOrEqual(a[i - 1] as number);
    }
  });
});
