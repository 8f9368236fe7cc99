import { FramePacker } from '../../../../worklets/frame-packer.js';

export type CaptureMode = 'AudioWorklet' | 'ScriptProcessor';

/** `workletMs` is the capture-side time for this frame, or -1 when the worklet has no clock. */
export type FrameSink = (frame: Float32Array, workletMs: number) => void;

export interface Capture {
  mode: CaptureMode;
  context: AudioContext;
  stop(): Promise<void>;
}

/** Asks for the mic with the processing the lesson names (echo cancellation, noise suppression, mono). */
export function requestMicrophone(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
}

/**
 * Starts framing the stream into 16 kHz, 512-sample frames. Uses the AudioWorklet in
 * worklets/ when the browser has one; otherwise (or if loading it fails) the ScriptProcessorNode
 * path, running the same FramePacker on the main thread — vad-web has no such fallback of its
 * own (shared/FACTS.md), so it lives here.
 */
export async function startCapture(stream: MediaStream, onFrame: FrameSink, preferWorklet: boolean, workletUrl: string): Promise<Capture> {
  const context = new AudioContext();
  if (context.state === 'suspended') await context.resume().catch(() => {});
  const source = new MediaStreamAudioSourceNode(context, { mediaStream: stream });
  // The graph must reach the destination to be pulled; a muted gain keeps the mic out of the speakers.
  const sink = new GainNode(context, { gain: 0 });
  sink.connect(context.destination);

  if (preferWorklet) {
    try {
      await context.audioWorklet.addModule(workletUrl);
      const node = new AudioWorkletNode(context, 'switchboard-capture', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1 });
      node.port.onmessage = (e: MessageEvent<{ frame: Float32Array; workletMs: number }>) => onFrame(e.data.frame, e.data.workletMs);
      source.connect(node).connect(sink);
      return {
        mode: 'AudioWorklet',
        context,
        async stop() {
          node.port.postMessage('stop');
          source.disconnect();
          for (const t of stream.getTracks()) t.stop();
          await context.close();
        },
      };
    } catch {
      // fall through to ScriptProcessor
    }
  }

  let spentMs = 0;
  const packer = new FramePacker(context.sampleRate, (frame) => {
    onFrame(frame, spentMs);
    spentMs = 0;
  });
  const node = context.createScriptProcessor(2048, 1, 1);
  node.onaudioprocess = (e) => {
    const t0 = performance.now();
    packer.push(e.inputBuffer.getChannelData(0));
    spentMs += performance.now() - t0;
  };
  source.connect(node).connect(sink);
  return {
    mode: 'ScriptProcessor',
    context,
    async stop() {
      node.onaudioprocess = null;
      source.disconnect();
      for (const t of stream.getTracks()) t.stop();
      await context.close();
    },
  };
}
