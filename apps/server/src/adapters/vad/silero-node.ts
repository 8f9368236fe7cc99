import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SileroVad } from '@switchboard/audio';
import * as ort from 'onnxruntime-node';

const require = createRequire(import.meta.url);

/** The model ships inside @ricky0123/vad-web on npm; nothing is downloaded at run time. */
export const SILERO_V5_MODEL_PATH = join(dirname(require.resolve('@ricky0123/vad-web/package.json')), 'dist', 'silero_vad_v5.onnx');

/** Silero v5 on onnxruntime-node, one intra-op thread (shared/FACTS.md: more threads do not help per frame). */
export async function loadSileroNode(modelPath = SILERO_V5_MODEL_PATH): Promise<SileroVad> {
  const model = await readFile(modelPath);
  return SileroVad.create({ ort, model, sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' } });
}
