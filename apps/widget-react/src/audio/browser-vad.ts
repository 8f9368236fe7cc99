// vad-web's frame processor (speech start/end with redemption, pre-speech pad, min speech), not
// its MicVAD: we have our own capture worklet, and MicVAD's Silero wrapper allocates per frame.
import { defaultFrameProcessorOptions, FrameProcessor, type FrameProcessorEvent } from '@ricky0123/vad-web/dist/frame-processor';
import { Message } from '@ricky0123/vad-web/dist/messages';
// vad-web's own onnxruntime-web instance: the CPU-only build (no WebGPU/JSEP), loaded through
// its CommonJS entry, which fetches the WASM from wasmPaths. (Importing onnxruntime-web/wasm as
// ESM instead gets the bundle that references its .wasm by import.meta.url, which Vite's
// library mode inlines as 38 MB of base64 into the embed chunk.)
import { ort } from '@ricky0123/vad-web/dist/real-time-vad';
import { FRAME_SAMPLES, SileroRunner } from './silero-runner';
import { VAD_ASSET_PATH } from './vad-assets';
import { MIN_SPEECH_MS, PRE_SPEECH_PAD_MS, REDEMPTION_MS } from './vad-settings';

export { VAD_ASSET_PATH };

const MS_PER_FRAME = (FRAME_SAMPLES / 16_000) * 1000;

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
 * An empty stand-in for the frame in vad-web's FrameProcessor. The processor keeps every frame
 * of an utterance to hand back its audio at speech end (a concatenation of the whole utterance,
 * allocated on that one frame); the widget never uses that audio — the speech gate streams
 * frames as they come — so the processor is given this shared empty array and the model reads
 * the real frame from the runner's reused window. Nothing per frame is retained.
 */
const NO_AUDIO = new Float32Array(0);

/**
 * Silero v5 in onnxruntime-web (one WASM thread: two were slower here, FACTS.md, and threads
 * need cross-origin isolation) driven by @ricky0123/vad-web's FrameProcessor.
 */
export async function loadBrowserVad(callbacks: VadCallbacks, assetPath: string = VAD_ASSET_PATH): Promise<BrowserVad> {
  ort.env.wasm.wasmPaths = assetPath;
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  // performance marks: the bench reads where start-up time goes (model download, WASM + session, warm-up)
  performance.mark('sb-vad:start');
  const response = await fetch(`${assetPath}silero_vad_v5.onnx`);
  if (!response.ok) throw new Error(`Silero model: HTTP ${response.status} from ${assetPath}silero_vad_v5.onnx`);
  const model = new Uint8Array(await response.arrayBuffer());
  performance.mark('sb-vad:model');
  const session = await ort.InferenceSession.create(model);
  performance.mark('sb-vad:session');
  const runner = new SileroRunner(session, ort.Tensor);

  let pending: Float32Array = NO_AUDIO;
  const processor = new FrameProcessor(
    async () => {
      const isSpeech = await runner.run(pending);
      return { isSpeech, notSpeech: 1 - isSpeech };
    },
    () => runner.reset(),
    {
      ...defaultFrameProcessorOptions,
      redemptionMs: REDEMPTION_MS,
      preSpeechPadMs: PRE_SPEECH_PAD_MS,
      minSpeechMs: MIN_SPEECH_MS,
      submitUserSpeechOnPause: false,
    },
    MS_PER_FRAME,
  );
  const onEvent = (event: FrameProcessorEvent) => {
    if (event.msg === Message.SpeechRealStart) callbacks.onSpeechStart();
    else if (event.msg === Message.SpeechEnd) callbacks.onSpeechEnd();
  };
  const process = async (frame: Float32Array) => {
    pending = frame;
    await processor.process(NO_AUDIO, onEvent);
    pending = NO_AUDIO;
  };
  // Warm up: the first session.run compiles kernels and takes far longer than the rest; do it
  // on silence now rather than on the caller's first word.
  processor.resume();
  const silence = new Float32Array(FRAME_SAMPLES);
  for (let i = 0; i < 3; i++) await process(silence);
  processor.reset();
  performance.mark('sb-vad:warm');
  return {
    process,
    reset: () => {
      processor.reset();
      processor.resume();
    },
  };
}
