import type { SileroStream, SileroVad } from '@switchboard/audio';

export interface VadObserver {
  batch?(size: number, seconds: number): void;
}

interface Pending {
  stream: SileroStream;
  frame: Float32Array;
  resolve(p: number): void;
  reject(e: unknown): void;
}

/**
 * Gathers the frames that arrive from many calls while a model run is in flight and scores
 * them in one batched run (shared/FACTS.md: the way past ~150 streams per core). A stream
 * contributes at most one frame per run because its next frame depends on the state the
 * previous one produced.
 */
export class BatchedVad {
  readonly #vad: SileroVad;
  readonly #maxBatch: number;
  readonly #observer: VadObserver;
  #queue: Pending[] = [];
  #running = false;
  #scheduled = false;

  constructor(vad: SileroVad, options: { maxBatch?: number; observer?: VadObserver } = {}) {
    this.#vad = vad;
    this.#maxBatch = options.maxBatch ?? 64;
    if (!Number.isInteger(this.#maxBatch) || this.#maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${this.#maxBatch}`);
    this.#observer = options.observer ?? {};
  }

  newStream(): SileroStream {
    return this.#vad.newStream();
  }

  /** Speech probability of the stream's next frame. */
  score(stream: SileroStream, frame: Float32Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ stream, frame, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#running || this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate lets every frame already read off the sockets in this turn join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#run();
    });
  }

  async #run(): Promise<void> {
    if (this.#running || this.#queue.length === 0) return;
    this.#running = true;
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const seen = new Set<SileroStream>();
    for (const item of this.#queue) {
      if (batch.length < this.#maxBatch && !seen.has(item.stream)) {
        seen.add(item.stream);
        batch.push(item);
      } else rest.push(item);
    }
    this.#queue = rest;
    const started = performance.now();
    try {
      const probs = await this.#vad.processBatch(batch);
      this.#observer.batch?.(batch.length, (performance.now() - started) / 1000);
      batch.forEach((item, i) => item.resolve(probs[i] as number));
    } catch (error) {
      for (const item of batch) item.reject(error);
    } finally {
      this.#running = false;
      if (this.#queue.length) this.#schedule();
    }
  }
}
