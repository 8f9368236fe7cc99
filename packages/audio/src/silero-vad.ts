import { FRAME_SAMPLES } from './frames.js';

/**
 * Silero VAD v5 with the onnxruntime passed in (onnxruntime-node on the server,
 * onnxruntime-web in the browser), after ricky0123/vad `models/silero.ts`: input [B, 576] =
 * 64 samples of context from the previous frame + 512 new ones, state [2, B, 128], sr int64.
 * Unlike vad-web it batches: one `run` for the frames of many streams (shared/FACTS.md: B=64
 * costs ~0.06 ms a frame against ~0.3 ms unbatched).
 */
/** Silero v5 takes exactly the wire frame (32 ms at 16 kHz). */
export const SILERO_FRAME_SAMPLES = FRAME_SAMPLES;
export const SILERO_CONTEXT_SAMPLES = 64;
const STATE_SIZE = 128;

/** The slice of onnxruntime's API this wrapper uses; -node and -web both satisfy it. */
export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
}
export interface OrtSessionLike {
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
}
export interface OrtLike {
  Tensor: {
    new (type: 'float32', data: Float32Array, dims: readonly number[]): OrtTensorLike;
    new (type: 'int64', data: BigInt64Array, dims: readonly number[]): OrtTensorLike;
  };
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSessionLike> };
}

/** One audio stream's recurrent state; owned by the caller, one per call. */
export interface SileroStream {
  state: Float32Array;
  context: Float32Array;
}

export interface SileroVadOptions {
  ort: OrtLike;
  /** Bytes of silero_vad_v5.onnx. */
  model: Uint8Array;
  /** Passed to InferenceSession.create, e.g. { intraOpNumThreads: 1 } on Node (shared/FACTS.md). */
  sessionOptions?: Record<string, unknown>;
  sampleRate?: number;
}

export class SileroVad {
  readonly #ort: OrtLike;
  readonly #session: OrtSessionLike;
  readonly #sr: OrtTensorLike;

  private constructor(ort: OrtLike, session: OrtSessionLike) {
    this.#ort = ort;
    this.#session = session;
    this.#sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  }

  static async create(options: SileroVadOptions): Promise<SileroVad> {
    const problems: string[] = [];
    if (!options || typeof options.ort?.InferenceSession?.create !== 'function') problems.push('ort must be an onnxruntime module (onnxruntime-node or onnxruntime-web)');
    if (!(options?.model instanceof Uint8Array) || options.model.byteLength === 0) problems.push('model must be the non-empty bytes of silero_vad_v5.onnx');
    if (options?.sampleRate !== undefined && options.sampleRate !== 16000) problems.push(`sampleRate must be 16000 (512-sample frames), got ${options.sampleRate}`);
    if (problems.length) throw new TypeError(`SileroVad: ${problems.join('; ')}`);
    const session = await options.ort.InferenceSession.create(options.model, options.sessionOptions ?? {});
    return new SileroVad(options.ort, session);
  }

  newStream(): SileroStream {
    return { state: new Float32Array(2 * STATE_SIZE), context: new Float32Array(SILERO_CONTEXT_SAMPLES) };
  }

  /** Speech probability of one frame. */
  async process(stream: SileroStream, frame: Float32Array): Promise<number> {
    const [p] = await this.processBatch([{ stream, frame }]);
    return p as number;
  }

  /** Speech probabilities for one frame of each stream, in one model run. Streams must be distinct. */
  async processBatch(items: readonly { stream: SileroStream; frame: Float32Array }[]): Promise<number[]> {
    const batch = items.length;
    if (batch === 0) return [];
    const width = SILERO_CONTEXT_SAMPLES + SILERO_FRAME_SAMPLES;
    const input = new Float32Array(batch * width);
    const state = new Float32Array(2 * batch * STATE_SIZE);
    items.forEach(({ stream, frame }, b) => {
      if (frame.length !== SILERO_FRAME_SAMPLES) throw new RangeError(`Silero v5 frames are ${SILERO_FRAME_SAMPLES} samples, got ${frame.length}`);
      input.set(stream.context, b * width);
      input.set(frame, b * width + SILERO_CONTEXT_SAMPLES);
      // State layout [2, B, 128]: layer k of stream b sits at (k*B + b)*128.
      for (let k = 0; k < 2; k++) state.set(stream.state.subarray(k * STATE_SIZE, (k + 1) * STATE_SIZE), (k * batch + b) * STATE_SIZE);
    });
    const out = await this.#session.run({
      input: new this.#ort.Tensor('float32', input, [batch, width]),
      state: new this.#ort.Tensor('float32', state, [2, batch, STATE_SIZE]),
      sr: this.#sr,
    });
    const probs = out.output?.data;
    const next = out.stateN?.data;
    if (!(probs instanceof Float32Array) || !(next instanceof Float32Array)) throw new Error('Silero model returned no output/stateN: is this silero_vad_v5.onnx?');
    return items.map(({ stream, frame }, b) => {
      for (let k = 0; k < 2; k++) stream.state.set(next.subarray((k * batch + b) * STATE_SIZE, (k * batch + b + 1) * STATE_SIZE), k * STATE_SIZE);
      stream.context.set(frame.subarray(SILERO_FRAME_SAMPLES - SILERO_CONTEXT_SAMPLES));
      return probs[b] as number;
    });
  }
}
