import { Worker } from 'node:worker_threads';
import type { OrtLike, OrtSessionLike, OrtTensorLike } from '@switchboard/audio';

type TensorType = 'float32' | 'int64';
interface WireTensor {
  type: TensorType;
  data: Float32Array | BigInt64Array;
  dims: readonly number[];
}
interface Slot {
  worker: Worker;
  inFlight: Map<number, { resolve(out: Record<string, OrtTensorLike>): void; reject(e: Error): void }>;
  dead: Error | null;
}

/** What crosses to the worker: onnxruntime's own Tensor cannot be cloned, its data can. */
class PlainTensor implements OrtTensorLike {
  constructor(
    readonly type: TensorType,
    readonly data: Float32Array | BigInt64Array,
    readonly dims: readonly number[],
  ) {}
}

export interface WorkerOrt extends OrtLike {
  /** Ends every worker; runs still in flight reject. */
  close(): Promise<void>;
  /** Workers still able to run (for /readyz): a crashed worker is not restarted. */
  liveWorkers(): { live: number; total: number };
}

/**
 * An OrtLike whose sessions run on `threads` worker threads, each with its own
 * onnxruntime-node session (ort-worker.mjs). onnxruntime-node's `run` computes on the calling
 * thread, so in-process Silero took the event loop from the sockets (it topped out at one core
 * near 300 streams); on workers the loop only moves frames. A run goes to the worker with the
 * fewest runs in flight; runs on different workers proceed in parallel, so callers must not
 * send two runs that share state at once (BatchedVad keeps one frame per stream in flight).
 */
export function createWorkerOrt(threads: number): WorkerOrt {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const slots: Slot[] = [];
  let nextId = 1;

  const spawn = (model: Uint8Array, sessionOptions: Record<string, unknown>) =>
    new Promise<Slot>((resolve, reject) => {
      const worker = new Worker(new URL('./ort-worker.mjs', import.meta.url), { workerData: { model, sessionOptions } });
      const slot: Slot = { worker, inFlight: new Map(), dead: null };
      const fail = (error: Error) => {
        slot.dead ??= error;
        for (const pending of slot.inFlight.values()) pending.reject(error);
        slot.inFlight.clear();
        reject(error);
      };
      worker.on('message', (m: { ready?: true; id?: number; result?: Record<string, WireTensor>; error?: string }) => {
        if (m.ready) {
          // An idle pool must not keep a finished CLI or test process alive; a pool with runs in
          // flight must (nothing else may be holding the loop open while we await an answer).
          worker.unref();
          return resolve(slot);
        }
        const pending = slot.inFlight.get(m.id as number);
        if (!pending) return;
        slot.inFlight.delete(m.id as number);
        if (slot.inFlight.size === 0) worker.unref();
        if (m.error !== undefined) pending.reject(new Error(`onnxruntime worker: ${m.error}`));
        else
          pending.resolve(
            Object.fromEntries(Object.entries(m.result ?? {}).map(([name, t]) => [name, new PlainTensor(t.type, t.data, t.dims)])),
          );
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => fail(slot.dead ?? new Error(`onnxruntime worker exited with code ${code}`)));
    });

  /** Runs already posted finish; the worker then releases its session and ends by itself. */
  const stop = async (slot: Slot) => {
    if (slot.dead) return;
    const exited = new Promise((r) => slot.worker.once('exit', r));
    slot.dead = new Error('onnxruntime worker pool is closed');
    slot.worker.ref();
    slot.worker.postMessage({ close: true });
    await exited;
  };

  const session: OrtSessionLike = {
    run(feeds) {
      const live = slots.filter((s) => !s.dead);
      const slot = live.reduce<Slot | undefined>((best, s) => (!best || s.inFlight.size < best.inFlight.size ? s : best), undefined);
      if (!slot) return Promise.reject(slots[0]?.dead ?? new Error('onnxruntime worker pool is closed'));
      const id = nextId++;
      const wire = Object.fromEntries(
        Object.entries(feeds).map(([name, t]) => {
          const { type, data, dims } = t as PlainTensor;
          return [name, { type, data, dims }];
        }),
      );
      return new Promise((resolve, reject) => {
        slot.inFlight.set(id, { resolve, reject });
        slot.worker.ref();
        slot.worker.postMessage({ id, feeds: wire });
      });
    },
  };

  return {
    Tensor: PlainTensor as OrtLike['Tensor'],
    InferenceSession: {
      async create(model, options = {}) {
        if (slots.length) throw new Error('this worker pool already holds a session');
        const starting = Array.from({ length: threads }, () => spawn(model, options));
        const settled = await Promise.allSettled(starting);
        for (const r of settled) if (r.status === 'fulfilled') slots.push(r.value);
        const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) {
          await Promise.all(slots.splice(0).map(stop));
          throw failed.reason;
        }
        return session;
      },
    },
    async close() {
      await Promise.all(slots.map(stop));
    },
    liveWorkers: () => ({ live: slots.filter((s) => !s.dead).length, total: slots.length }),
  };
}
