/**
 * Browser side of `npm run bench -w @switchboard/web` (driven by run-bench.mjs in headless
 * Chromium with a fake mic playing espeak-ng speech). In one page and one run it measures:
 *  1. the widget's own path — capture worklet → FramePipeline (PCM, level, vad-web Silero v5,
 *     speech gate) — on live mic frames at their real 32 ms cadence;
 *  2. the floor: bare onnxruntime-web session.run of the same model on the same frames at the
 *     same 32 ms cadence (the least any browser VAD must spend);
 *  3. the worklet's framing code (FramePacker, 12 blocks of 128 samples at 48 kHz per frame) at
 *     the same cadence on the main thread, because Chromium's AudioWorkletGlobalScope has no
 *     performance.now() to time it where it runs.
 * Phases alternate (pipeline, floor, pipeline, floor…) so machine load hits both alike.
 */
import * as ort from 'onnxruntime-web/wasm';
import { FramePacker } from '../../../worklets/frame-packer.js';
import { loadBrowserVad, VAD_ASSET_PATH } from '../../widget-react/src/audio/browser-vad';
import { requestMicrophone, startCapture } from '../../widget-react/src/audio/capture';
import { FramePipeline } from '../../widget-react/src/audio/frame-pipeline';
import { PipelineStats } from '../../widget-react/src/stats/pipeline-stats';
import { type Percentiles, SampleWindow } from '../../widget-react/src/stats/sample-window';
import { type Attribution, FrameAttribution } from './frame-attribution';

const FRAME_MS = 32;
const params = new URLSearchParams(location.search);
const FRAMES_PER_PHASE = Number(params.get('frames') ?? 300);
const ROUNDS = Number(params.get('rounds') ?? 2);

export interface BenchResult {
  frames: number;
  rounds: number;
  captureMode: string;
  speechStarts: number;
  speechEnds: number;
  vadLoadMs: number;
  worklet: Percentiles;
  workletInPlace: Percentiles;
  vad: Percentiles;
  total: Percentiles;
  floor: Percentiles;
  userAgent: string;
  isolated: boolean;
  /** Where the slow frames' time went (GC, vad-web's speech-end, other), for the VAD and the floor. */
  vadAttribution: Attribution;
  floorAttribution: Attribution;
}
declare global {
  interface Window {
    __benchResult?: BenchResult | { error: string };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls fn every FRAME_MS on a drift-free schedule (the real cadence, CPU idle between). */
async function atCadence(count: number, fn: (i: number) => Promise<void> | void) {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + i * FRAME_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    await fn(i);
  }
}

async function bareSession() {
  ort.env.wasm.wasmPaths = VAD_ASSET_PATH;
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  const model = await (await fetch(`${VAD_ASSET_PATH}silero_vad_v5.onnx`)).arrayBuffer();
  const session = await ort.InferenceSession.create(model);
  let state = new ort.Tensor('float32', new Float32Array(256), [2, 1, 128]);
  const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]));
  const input = new Float32Array(576);
  const run = async (frame: Float32Array) => {
    input.copyWithin(0, 512, 576); // the previous frame's last 64 samples are the context
    input.set(frame, 64);
    const out = await session.run({ input: new ort.Tensor('float32', input, [1, 576]), state, sr });
    state = out.stateN as typeof state;
  };
  for (let i = 0; i < 3; i++) await run(new Float32Array(512)); // same warm-up the widget does
  return run;
}

async function main() {
  const stats = new PipelineStats(65536);
  const t0 = performance.now();
  let pipeline: FramePipeline | null = null;
  const vadFrames = new FrameAttribution();
  const floorFrames = new FrameAttribution();
  const loaded = await loadBrowserVad({
    onSpeechStart: () => pipeline?.gate?.speechStarted(),
    onSpeechEnd: () => {
      vadFrames.speechEnded();
      pipeline?.gate?.speechEnded();
    },
  });
  // the same VAD, each call also attributed (heap before/after, speech end inside)
  const vad = { ...loaded, process: (frame: Float32Array) => vadFrames.time(() => loaded.process(frame)) };
  const vadLoadMs = performance.now() - t0;
  const floorRun = await bareSession();
  const floor = new SampleWindow(65536);
  const workletInPlace = new SampleWindow(65536);
  let starts = 0;
  let ends = 0;
  // the sinks count instead of sending: the network is not part of the browser budget
  pipeline = new FramePipeline(
    vad,
    {
      sendControl: (m) => {
        if (m.type === 'speech.start') starts++;
        if (m.type === 'speech.end') ends++;
      },
      sendFrame: () => {},
    },
    stats,
  );

  const recorded: Float32Array[] = [];
  let live = false;
  let resolvePhase: (() => void) | null = null;
  const stream = await requestMicrophone();
  const capture = await startCapture(
    stream,
    (frame, workletMs) => {
      if (!live || !pipeline) return;
      recorded.push(frame.slice());
      void pipeline.push(frame, workletMs).then(() => {
        if (recorded.length >= FRAMES_PER_PHASE && resolvePhase) {
          live = false;
          resolvePhase();
          resolvePhase = null;
        }
      });
    },
    true,
    '/worklets/capture-processor.js',
  );

  // 48 kHz blocks of 128 for the framing measurement; content does not change its cost
  const block = new Float32Array(128).map((_, i) => Math.sin(i / 7) * 0.1);
  const packer = new FramePacker(48000, () => {});

  for (let round = 0; round < ROUNDS; round++) {
    recorded.length = 0;
    live = true;
    await new Promise<void>((r) => {
      resolvePhase = r;
    });
    const frames = recorded.slice(0, FRAMES_PER_PHASE);
    await atCadence(frames.length, async (i) => {
      const f0 = performance.now();
      await floorFrames.time(() => floorRun(frames[i]!));
      floor.add(performance.now() - f0);
      let spent = 0;
      for (let b = 0; b < 12; b++) {
        const b0 = performance.now();
        packer.push(block);
        spent += performance.now() - b0;
      }
      workletInPlace.add(spent);
    });
  }
  await capture.stop();
  const total = stats.total.percentiles();
  window.__benchResult = {
    frames: stats.framesCaptured,
    rounds: ROUNDS,
    captureMode: capture.mode,
    speechStarts: starts,
    speechEnds: ends,
    vadLoadMs,
    worklet: stats.worklet.percentiles(),
    workletInPlace: workletInPlace.percentiles(),
    vad: stats.vad.percentiles(),
    total,
    floor: floor.percentiles(),
    userAgent: navigator.userAgent,
    isolated: crossOriginIsolated,
    vadAttribution: vadFrames.summary(floor.percentiles().p99),
    floorAttribution: floorFrames.summary(floor.percentiles().p99),
  };
  document.getElementById('out')!.textContent = JSON.stringify(window.__benchResult, null, 2);
}

main().catch((e: unknown) => {
  window.__benchResult = { error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) };
});
