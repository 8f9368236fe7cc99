import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, FramePacker } from '../../../../worklets/frame-packer.js';
import { floatToInt16, rmsLevel } from './pcm';

describe('floatToInt16', () => {
  it('maps full scale and clips beyond it', () => {
    expect(Array.from(floatToInt16(new Float32Array([-1, 0, 1, 2, -3])))).toEqual([-32768, 0, 32767, 32767, -32768]);
  });
  it('keeps the sign and ordering of samples', () => {
    fc.assert(
      fc.property(fc.float({ min: -1, max: 1, noNaN: true }), fc.float({ min: -1, max: 1, noNaN: true }), (a, b) => {
        const [x, y] = floatToInt16(new Float32Array([a, b]));
        if (a < b) expect(x!).toBeLessThanOrEqual(y!);
        // tiny values may round to 0, but never to the opposite sign
        expect(Math.sign(x!) * Math.sign(a)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('rmsLevel', () => {
  it('is the amplitude/√2 for a sine', () => {
    const f = new Float32Array(512).map((_, i) => 0.5 * Math.sin((2 * Math.PI * i) / 32));
    expect(rmsLevel(f)).toBeCloseTo(0.5 / Math.SQRT2, 3);
  });
});

describe('FramePacker (worklets/frame-packer.js)', () => {
  const collect = (rate: number, seconds: number, blockSize: number, signal: (t: number) => number) => {
    const frames: Float32Array[] = [];
    const p = new FramePacker(rate, (f) => frames.push(f));
    const total = Math.round(rate * seconds);
    for (let start = 0; start < total; start += blockSize) {
      const block = new Float32Array(Math.min(blockSize, total - start)).map((_, i) => signal((start + i) / rate));
      p.push(block);
    }
    return frames;
  };

  it.each([16000, 44100, 48000])('turns %i Hz blocks of 128 into 16 kHz frames of 512 (32 ms each)', (rate) => {
    const frames = collect(rate, 1.03, 128, () => 0.25);
    expect(frames.length).toBe(32);
    for (const f of frames) {
      expect(f.length).toBe(FRAME_SAMPLES);
      expect(f[100]).toBeCloseTo(0.25, 5);
    }
  });

  it('keeps a 440 Hz tone at 440 Hz after 48→16 kHz', () => {
    const frames = collect(48000, 0.512, 128, (t) => Math.sin(2 * Math.PI * 440 * t));
    const all = new Float32Array(frames.length * 512);
    for (const [i, f] of frames.entries()) all.set(f, i * 512);
    let crossings = 0;
    for (let i = 1; i < all.length; i++) if (all[i - 1]! < 0 && all[i]! >= 0) crossings++;
    // 0.512 s of 440 Hz has ≈225 upward zero crossings
    expect(crossings).toBeGreaterThanOrEqual(222);
    expect(crossings).toBeLessThanOrEqual(228);
  });

  it('hands out a distinct buffer for every frame (they are transferred away)', () => {
    const frames = collect(48000, 0.2, 128, () => 0.1);
    expect(new Set(frames.map((f) => f.buffer)).size).toBe(frames.length);
  });

  it('rejects rates below 16 kHz instead of producing wrong-speed audio', () => {
    expect(() => new FramePacker(8000, () => {})).toThrow(/below 16000/);
  });
});
