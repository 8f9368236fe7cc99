import type { InferenceSession } from 'onnxruntime-web/wasm';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, SileroRunner, type TensorCtor } from './silero-runner';

/** Stands in for onnxruntime-web's Tensor: type, data, dims. */
class FakeTensor {
  constructor(
    readonly type: string,
    readonly data: Float32Array | BigInt64Array,
    readonly dims: number[],
  ) {}
}

/** A session that records what it was fed (copied: the runner reuses its buffers) and answers with a counter state. */
function fakeSession(probability = 0.75) {
  const fed: { input: number[]; state: number[]; inputTensor: unknown }[] = [];
  let runs = 0;
  const session = {
    run: async (feeds: Record<string, FakeTensor>) => {
      runs++;
      fed.push({
        input: Array.from(feeds.input!.data as Float32Array),
        state: Array.from(feeds.state!.data as Float32Array).slice(0, 2),
        inputTensor: feeds.input,
      });
      return {
        output: new FakeTensor('float32', Float32Array.of(probability), [1, 1]),
        stateN: new FakeTensor('float32', new Float32Array(256).fill(runs), [2, 1, 128]),
      };
    },
  };
  return { session: session as unknown as InferenceSession, fed };
}

const frame = (value: number) => new Float32Array(FRAME_SAMPLES).map((_, i) => value + i / 10_000);

describe('SileroRunner', () => {
  it('feeds 64 samples of context then the frame, carries the state, and reuses one input tensor', async () => {
    const { session, fed } = fakeSession();
    const runner = new SileroRunner(session, FakeTensor as unknown as TensorCtor);
    expect(await runner.run(frame(1))).toBeCloseTo(0.75);
    await runner.run(frame(2));
    const [first, second] = fed;
    expect(first!.input).toHaveLength(576);
    expect(first!.input.slice(0, 64).every((v) => v === 0)).toBe(true); // silence before the first frame
    expect(first!.input[64]).toBeCloseTo(1);
    // the second window starts with the first frame's last 64 samples (Silero v5's context)
    expect(second!.input.slice(0, 64)).toEqual(Array.from(frame(1).slice(-64)));
    expect(second!.input[64]).toBeCloseTo(2);
    expect(first!.state).toEqual([0, 0]);
    expect(second!.state).toEqual([1, 1]); // the stateN of run 1
    expect(second!.inputTensor).toBe(first!.inputTensor);
  });

  it('reset() gives the next frame silence as context and a zero state', async () => {
    const { session, fed } = fakeSession();
    const runner = new SileroRunner(session, FakeTensor as unknown as TensorCtor);
    await runner.run(frame(1));
    runner.reset();
    await runner.run(frame(3));
    expect(fed[1]!.input.slice(0, 64).every((v) => v === 0)).toBe(true);
    expect(fed[1]!.state).toEqual([0, 0]);
  });

  it('refuses a frame of the wrong size, naming both sizes', async () => {
    const runner = new SileroRunner(fakeSession().session, FakeTensor as unknown as TensorCtor);
    await expect(runner.run(new Float32Array(480))).rejects.toThrow('Silero v5 takes 512-sample frames, got 480');
  });
});
