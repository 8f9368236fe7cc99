// One onnxruntime-node session on a worker thread (see ort-worker-pool.ts). Plain JavaScript so
// it loads the same under tsx, vitest and plain node: workers do not inherit a TS transform.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

const session = await ort.InferenceSession.create(workerData.model, workerData.sessionOptions ?? {});
let running = Promise.resolve();
parentPort.on('message', (message) => {
  if (message.close) {
    // Release the native session before the thread ends: Worker.terminate() during or after a
    // run aborts the whole process ("terminate called after throwing an instance of Napi::Error").
    running.then(async () => {
      await session.release();
      parentPort.close();
    });
    return;
  }
  const { id, feeds } = message;
  running = running.then(async () => {
    try {
      const inputs = {};
      for (const [name, f] of Object.entries(feeds)) inputs[name] = new ort.Tensor(f.type, f.data, f.dims);
      const out = await session.run(inputs);
      const result = {};
      for (const [name, t] of Object.entries(out)) result[name] = { type: t.type, data: t.data, dims: t.dims };
      parentPort.postMessage({ id, result });
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
parentPort.postMessage({ ready: true });
