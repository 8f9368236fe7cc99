import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_BYTES, Framer, parseFrame, toFrames } from './frames.js';

describe('frames', () => {
  it('re-frames any chunking into 512-sample frames without losing or reordering samples', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1500 }), { maxLength: 12 }), (sizes) => {
        const framer = new Framer();
        let next = 0;
        const out: number[] = [];
        for (const size of sizes) {
          const chunk = Int16Array.from({ length: size }, () => next++ % 30000);
          for (const f of framer.push(chunk)) {
            expect(f.length).toBe(512);
            out.push(...f);
          }
        }
        expect(out.length).toBe(Math.floor(next / 512) * 512);
        expect(out).toEqual(Array.from({ length: out.length }, (_, i) => i % 30000));
      }),
    );
  });

  it('pads the tail of a recording with silence', () => {
    const frames = toFrames(Int16Array.from({ length: 600 }, () => 7));
    expect(frames).toHaveLength(2);
    expect(frames[1]?.[87]).toBe(7);
    expect(frames[1]?.[88]).toBe(0);
  });

  it('accepts exactly one frame and names what is wrong otherwise', () => {
    expect(parseFrame(new Uint8Array(FRAME_BYTES)).ok).toBe(true);
    expect(parseFrame(new Uint8Array(FRAME_BYTES + 2))).toMatchObject({ ok: false, reason: 'too-big' });
    expect(parseFrame(new Uint8Array(3))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseFrame(new Uint8Array(0))).toMatchObject({ ok: false, reason: 'malformed' });
  });
});
