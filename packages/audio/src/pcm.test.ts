import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float32ToInt16, int16FromBytesLE, int16ToBytesLE, int16ToFloat32, rms } from './pcm.js';

describe('pcm', () => {
  it('round-trips Int16 through little-endian bytes, even at an odd byte offset', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 600 }), (values) => {
        const samples = Int16Array.from(values);
        const bytes = int16ToBytesLE(samples);
        const shifted = new Uint8Array(bytes.length + 1);
        shifted.set(bytes, 1);
        expect(Array.from(int16FromBytesLE(shifted.subarray(1)))).toEqual(values);
      }),
    );
  });

  it('is little-endian on the wire', () => {
    expect(Array.from(int16ToBytesLE(Int16Array.from([0x0102, -2])))).toEqual([0x02, 0x01, 0xfe, 0xff]);
  });

  it('rejects an odd number of bytes', () => {
    expect(() => int16FromBytesLE(new Uint8Array(3))).toThrow(/even number/);
  });

  it('maps Int16 to [-1, 1) and back without drift', () => {
    const samples = Int16Array.from([-32768, -1, 0, 1, 16384, 32767]);
    const f = int16ToFloat32(samples);
    expect(f[0]).toBe(-1);
    expect(Math.max(...f)).toBeLessThan(1);
    const back = float32ToInt16(f);
    for (let i = 0; i < samples.length; i++) expect(Math.abs((back[i] as number) - (samples[i] as number))).toBeLessThanOrEqual(1);
  });

  it('measures level', () => {
    expect(rms(new Int16Array(10))).toBe(0);
    expect(rms(Float32Array.from([0.5, -0.5]))).toBeCloseTo(0.5);
  });
});
