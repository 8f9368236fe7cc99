// The real-time module only: vad-web's index also pulls NonRealTimeVAD, which imports the full
// onnxruntime-web (WebGPU/JSEP included); real-time-vad imports the CPU-only onnxruntime-web/wasm.
import { MicVAD } from '@ricky0123/vad-web/dist/real-time-vad';
import { MIN_SPEECH_MS, PRE_SPEECH_PAD_MS, REDEMPTION_MS } from './vad-settings';

/** Served from public/vendor/vad/ by apps/web/scripts/copy-vad-assets.mjs — absolute, never "./" (FACTS.md). */
export const VAD_ASSET_PATH = '/vendor/vad/';

export interface VadCallbacks {
  /** Speech confirmed (longer than minSpeechMs) — misfires never reach the server. */
  onSpeechStart(): void;
  onSpeechEnd(): void;
}

export interface BrowserVad {
  /** Runs one 512-sample 16 kHz frame through Silero v5; events fire via the callbacks during the call. */
  process(frame: Float32Array): Promise<void>;
  /** Forget the current utterance and model state (between calls). */
  reset(): void;
}

/**
 * Silero v5 through @ricky0123/vad-web. We use vad-web for the model and its frame processor
 * (speech start/end with redemption) and feed it frames from our own capture worklet through
 * MicVAD.processFrame; `startOnLoad: false` keeps it from opening the mic itself.
 * Options are validated by vad-web's validateOptions (called inside MicVAD.new).
 */
export async function loadBrowserVad(callbacks: VadCallbacks, assetPath: string = VAD_ASSET_PATH): Promise<BrowserVad> {
  const vad = await MicVAD.new({
    model: 'v5',
    startOnLoad: false,
    baseAssetPath: assetPath,
    onnxWASMBasePath: assetPath,
    redemptionMs: REDEMPTION_MS,
    preSpeechPadMs: PRE_SPEECH_PAD_MS,
    minSpeechMs: MIN_SPEECH_MS,
    ortConfig: (ort) => {
      ort.env.logLevel = 'error';
      // one WASM thread: two were slower here (FACTS.md), and threads need cross-origin isolation
      ort.env.wasm.numThreads = 1;
    },
    onSpeechRealStart: () => callbacks.onSpeechStart(),
    onSpeechEnd: () => callbacks.onSpeechEnd(),
  });
  // MicVAD.new does not resume its frame processor unless it opens the mic itself (startOnLoad).
  const processor = (vad as unknown as { frameProcessor: { resume(): void; reset(): void } }).frameProcessor;
  processor.resume();
  // Warm up: the first session.run compiles kernels and takes far longer than the rest; do it
  // on silence now rather than on the caller's first word.
  const silence = new Float32Array(512);
  for (let i = 0; i < 3; i++) await vad.processFrame(silence);
  processor.reset();
  processor.resume();
  return {
    process: (frame) => vad.processFrame(frame),
    reset: () => {
      processor.reset();
      processor.resume();
    },
  };
}
