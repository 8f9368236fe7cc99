import { describe, expect, it } from 'vitest';
import { downsample16kTo8k, resample, resampleDirect, upsample8kTo16k } from './resample.js';
import { rms } from './pcm.js';

const tone = (hz: number, rate: number, seconds: number) => Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));

describe('resample', () => {
  it('upsamples an 8 kHz tone to the same tone at 16 kHz', () => {
    const up = upsample8kTo16k(tone(440, 8000, 0.5));
    const expected = tone(440, 16000, 0.5);
    expect(up.length).toBe(expected.length);
    // Ignore the filter's edges.
    let err = 0;
    for (let i = 200; i < up.length - 200; i++) err = Math.max(err, Math.abs((up[i] as number) - (expected[i] as number)));
    expect(err).toBeLessThan(0.01);
  });

  it('removes content above the new Nyquist when downsampling instead of aliasing it', () => {
    const passband = downsample16kTo8k(tone(1000, 16000, 0.5));
    const stopband = downsample16kTo8k(tone(6000, 16000, 0.5));
    expect(rms(passband)).toBeGreaterThan(0.3);
    expect(rms(stopband.subarray(100, -100))).toBeLessThan(0.02);
  });

  it('handles arbitrary ratios such as espeak-ng 22050 Hz to 16 kHz', () => {
    const out = resample(tone(300, 22050, 1), 22050, 16000);
    expect(out.length).toBe(16000);
    expect(rms(out)).toBeCloseTo(0.5 / Math.SQRT2, 1);
  });

  it('gives the same samples from its per-phase table as from the plain windowed-sinc sum', () => {
    const noise = Float32Array.from({ length: 4000 }, (_, i) => Math.sin(i * 0.37) * 0.5 + Math.sin(i * 1.91) * 0.3);
    for (const [from, to] of [[22050, 16000], [8000, 16000], [16000, 8000], [44100, 16000], [16000, 22050]] as const) {
      const fast = resample(noise, from, to);
      const plain = resampleDirect(noise, from, to);
      expect(fast.length).toBe(plain.length);
      let worst = 0;
      for (let i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs((fast[i] as number) - (plain[i] as number)));
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('rejects nonsense rates', () => {
    expect(() => resample(new Float32Array(4), 0, 16000)).toThrow(/positive/);
  });
});
