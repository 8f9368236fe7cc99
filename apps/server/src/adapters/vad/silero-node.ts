import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SileroVad } from '@switchboard/audio';
import * as ort from 'onnxruntime-node';
import { createWorkerOrt } from './ort-worker-pool.js';

const require = createRequire(import.meta.url);

/** The model ships inside @ricky0123/vad-web on npm; nothing is downloaded at run time. */
export const SILERO_V5_MODEL_PATH = join(dirname(require.resolve('@ricky0123/vad-web/package.json')), 'dist', 'silero_vad_v5.onnx');

/** One intra-op thread per session (shared/FACTS.md: more threads do not help per frame). */
const SESSION_OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' };

/** Silero v5 on onnxruntime-node on the calling thread: for the CLI and tests, one call at a time. */
export async function loadSileroNode(modelPath = SILERO_V5_MODEL_PATH): Promise<SileroVad> {
  const model = await readFile(modelPath);
  return SileroVad.create({ ort, model, sessionOptions: SESSION_OPTIONS });
}

/** Silero v5 on `threads` worker threads: the server's, so model runs never hold up the sockets. */
export async function loadSileroOnWorkers(
  threads: number,
  modelPath = SILERO_V5_MODEL_PATH,
): Promise<{ vad: SileroVad; close(): Promise<void>; liveWorkers(): { live: number; total: number } }> {
  const model = await readFile(modelPath);
  const pool = createWorkerOrt(threads);
  return {
    vad: await SileroVad.create({ ort: pool, model, sessionOptions: SESSION_OPTIONS }),
    close: () => pool.close(),
    liveWorkers: () => pool.liveWorkers(),
  };
}
