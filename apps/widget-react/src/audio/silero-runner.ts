import type { InferenceSession, Tensor } from 'onnxruntime-web/wasm';

/** Silero v5 looks at 512 new samples plus the previous frame's last 64 (shared/FACTS.md "VAD"). */
export const FRAME_SAMPLES = 512;
const CONTEXT_SAMPLES = 64;
const WINDOW = CONTEXT_SAMPLES + FRAME_SAMPLES;
const STATE_SIZE = 2 * 1 * 128;

export type TensorCtor = new (type: 'float32' | 'int64', data: Float32Array | BigInt64Array, dims: number[]) => Tensor;

/**
 * Runs Silero v5 frame after frame with the input side allocated once: the 576-sample window
 * (context carried by copyWithin, not a fresh array and a slice), its tensor and the
 * sample-rate tensor. What is left per frame is what a bare `session.run` allocates too: its two
 * output tensors. (onnxruntime-web 1.30 accepts pre-allocated CPU output tensors but returns
 * them unwritten — it copies results into new arrays — so they cannot be reused here.)
 */
export class SileroRunner {
  private readonly window = new Float32Array(WINDOW);
  private readonly input: Tensor;
  private readonly sampleRate: Tensor;
  private readonly zeroState: Tensor;
  private state: Tensor;

  constructor(
    private readonly session: InferenceSession,
    TensorClass: TensorCtor,
  ) {
    this.input = new TensorClass('float32', this.window, [1, WINDOW]);
    this.sampleRate = new TensorClass('int64', BigInt64Array.from([16000n]), [1]);
    this.zeroState = new TensorClass('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
    this.state = this.zeroState;
  }

  /** Speech probability 0..1 of one 512-sample 16 kHz frame; `frame` is not kept. */
  async run(frame: Float32Array): Promise<number> {
    if (frame.length !== FRAME_SAMPLES) throw new Error(`Silero v5 takes ${FRAME_SAMPLES}-sample frames, got ${frame.length}`);
    this.window.copyWithin(0, WINDOW - CONTEXT_SAMPLES, WINDOW);
    this.window.set(frame, CONTEXT_SAMPLES);
    const out = await this.session.run({ input: this.input, state: this.state, sr: this.sampleRate });
    const next = out.stateN;
    const probability = out.output?.data;
    if (!next || !(probability instanceof Float32Array)) throw new Error('Silero v5 returned no output/stateN: is this the v5 model?');
    this.state = next;
    return probability[0]!;
  }

  /** Between calls: silence as context and a zero state, as a fresh model would have. */
  reset(): void {
    this.window.fill(0);
    this.state = this.zeroState;
  }
}
