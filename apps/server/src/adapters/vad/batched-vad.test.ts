import { describe, expect, it } from 'vitest';
import { BatchedVad } from './batched-vad.js';
import { loadSileroNode } from './silero-node.js';

describe('BatchedVad (real onnxruntime-node)', () => {
  it('batches frames of many streams into few runs and keeps each stream in order', async () => {
    const vad = await loadSileroNode();
    const sizes: number[] = [];
    const batched = new BatchedVad(vad, { maxBatch: 8, observer: { batch: (n) => sizes.push(n) } });
    const streams = Array.from({ length: 20 }, () => batched.newStream());
    const frame = (k: number) => Float32Array.from({ length: 512 }, (_, i) => 0.3 * Math.sin((i * (k + 1)) / 7));
    // Two frames per stream submitted at once: the second must wait for the first's state.
    const results = await Promise.all(streams.flatMap((s, k) => [batched.score(s, frame(k)), batched.score(s, frame(k))]));
    expect(results).toHaveLength(40);
    expect(sizes.every((n) => n <= 8)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(40);
    expect(sizes.length).toBeLessThan(40);
    // Same as scoring stream 3 alone, frame after frame.
    const alone = vad.newStream();
    const p1 = await vad.process(alone, frame(3));
    const p2 = await vad.process(alone, frame(3));
    expect(results[6]).toBeCloseTo(p1, 4);
    expect(results[7]).toBeCloseTo(p2, 4);
  });
});
