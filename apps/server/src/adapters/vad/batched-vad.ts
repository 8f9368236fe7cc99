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

export interface BatchedVadOptions {
  /** Most frames in one model run. */
  maxBatch?: number;
  /** Model runs in flight at once (one per VAD worker thread; 1 for an in-thread model). */
  concurrency?: number;
  observer?: VadObserver;
}

/**
 * Gathers the frames that arrive from many calls while model runs are in flight and scores
 * them in batched runs (shared/FACTS.md: the way past ~150 streams per core). A stream has at
 * most one frame in flight, because its next frame depends on the state the previous one
 * produced; with `concurrency` > 1 runs of disjoint streams proceed side by side.
 */
export class BatchedVad {
  readonly #vad: SileroVad;
  readonly #maxBatch: number;
  readonly #concurrency: number;
  readonly #observer: VadObserver;
  readonly #busy = new Set<SileroStream>();
  #released = new WeakSet<SileroStream>();
  #queue: Pending[] = [];
  #running = 0;
  #scheduled = false;

  constructor(vad: SileroVad, options: BatchedVadOptions = {}) {
    this.#vad = vad;
    this.#maxBatch = options.maxBatch ?? 64;
    this.#concurrency = options.concurrency ?? 1;
    for (const [name, value] of [['maxBatch', this.#maxBatch], ['concurrency', this.#concurrency]] as const)
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
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

  /**
   * Drops a finished stream's queued frames (a hung-up or cut-off call); their promises never
   * settle. Lazily, at the next run: 600 streams cut off at once each filtering a queue of tens
   * of thousands of frames held the event loop for long enough to hurt the calls still running.
   */
  release(stream: SileroStream): void {
    this.#released.add(stream);
    this.#schedule();
  }

  /** Frames waiting for a run, all streams together (released streams' frames until the next run). */
  get queued(): number {
    return this.#queue.length;
  }

  #schedule(): void {
    if (this.#running >= this.#concurrency || this.#scheduled) return;
    this.#scheduled = true;
    // setImmediate lets every frame already read off the sockets in this turn join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      while (this.#running < this.#concurrency && this.#start()) {}
    });
  }

  /** Starts one run from the queue; false when nothing can run now. */
  #start(): boolean {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const taken = new Set<SileroStream>();
    for (const item of this.#queue) {
      if (this.#released.has(item.stream)) continue;
      if (batch.length < this.#maxBatch && !taken.has(item.stream) && !this.#busy.has(item.stream)) {
        taken.add(item.stream);
        batch.push(item);
      } else rest.push(item);
    }
    this.#queue = rest;
    if (batch.length === 0) return false;
    for (const s of taken) this.#busy.add(s);
    this.#running++;
    const started = performance.now();
    this.#vad
      .processBatch(batch)
      .then(
        (probs) => {
          this.#observer.batch?.(batch.length, (performance.now() - started) / 1000);
          batch.forEach((item, i) => item.resolve(probs[i] as number));
        },
        (error: unknown) => {
          for (const item of batch) item.reject(error);
        },
      )
      .finally(() => {
        for (const s of taken) this.#busy.delete(s);
        this.#running--;
        if (this.#queue.length) this.#schedule();
      });
    return true;
  }
}
