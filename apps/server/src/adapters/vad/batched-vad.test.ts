import { describe, expect, it } from 'vitest';
import { BatchedVad } from './batched-vad.js';
import { loadSileroNode, loadSileroOnWorkers } from './silero-node.js';

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

describe('BatchedVad on worker threads (real onnxruntime-node)', () => {
  it('runs batches on two workers at once and gives each stream the same answers as in-thread Silero', async () => {
    const { vad, close } = await loadSileroOnWorkers(2);
    try {
      let inFlight = 0;
      let most = 0;
      const runs = { processBatch: vad.processBatch.bind(vad) };
      const counting = Object.assign(Object.create(vad) as typeof vad, {
        async processBatch(items: Parameters<typeof vad.processBatch>[0]) {
          most = Math.max(most, ++inFlight);
          try {
            return await runs.processBatch(items);
          } finally {
            inFlight--;
          }
        },
      });
      const batched = new BatchedVad(counting, { maxBatch: 4, concurrency: 2 });
      const streams = Array.from({ length: 12 }, () => batched.newStream());
      const frame = (k: number) => Float32Array.from({ length: 512 }, (_, i) => 0.3 * Math.sin((i * (k + 1)) / 7));
      const results = await Promise.all(streams.flatMap((s, k) => [batched.score(s, frame(k)), batched.score(s, frame(k)), batched.score(s, frame(k))]));
      expect(most).toBe(2);
      const local = await loadSileroNode();
      const alone = local.newStream();
      const expected = [await local.process(alone, frame(5)), await local.process(alone, frame(5)), await local.process(alone, frame(5))];
      expect(results.slice(15, 18).map((p) => Number(p.toFixed(4)))).toEqual(expected.map((p) => Number(p.toFixed(4))));
    } finally {
      await close();
    }
  });

  it('a released stream gets no more runs, and a closed pool rejects with a clear error', async () => {
    const { vad, close } = await loadSileroOnWorkers(1);
    const sizes: number[] = [];
    const batched = new BatchedVad(vad, { observer: { batch: (n) => sizes.push(n) } });
    const gone = batched.newStream();
    const kept = batched.newStream();
    const frame = new Float32Array(512);
    void batched.score(gone, frame);
    const p = batched.score(kept, frame);
    batched.release(gone);
    await p;
    expect(sizes).toEqual([1]);
    await close();
    await expect(batched.score(kept, frame)).rejects.toThrow(/worker pool is closed/);
  });
});
