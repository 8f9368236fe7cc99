import type { ClientMessage } from '@switchboard/protocol';
import { SpeechGate } from '../call/speech-gate';
import type { PipelineStats } from '../stats/pipeline-stats';
import type { BrowserVad } from './browser-vad';
import { floatToInt16, rmsLevel } from './pcm';

export interface FrameSinks {
  sendControl(m: ClientMessage): void;
  sendFrame(pcm: Int16Array): void;
  onLevel?(level: number): void;
  onSpeaking?(speaking: boolean): void;
}

/**
 * What the main thread does with each 32 ms frame from the capture worklet: PCM conversion,
 * level, Silero (browser VAD) and the speech gate — or, without a VAD, stream every frame for
 * the server's VAD. Timed per frame into PipelineStats. Shared by the widget and the bench so
 * the bench measures exactly this code.
 */
export class FramePipeline {
  readonly gate: SpeechGate | null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly vad: BrowserVad | null,
    private readonly sinks: FrameSinks,
    private readonly stats: PipelineStats,
  ) {
    this.gate = vad ? new SpeechGate(sinks.sendControl, sinks.sendFrame) : null;
  }

  /** Frames are handled strictly in order: vad-web's frame processor is stateful. */
  push(frame: Float32Array, workletMs: number): Promise<void> {
    this.chain = this.chain.then(() => this.handle(frame, workletMs)).catch(() => {});
    return this.chain;
  }

  private async handle(frame: Float32Array, workletMs: number) {
    const t0 = performance.now();
    this.stats.framesCaptured++;
    this.sinks.onLevel?.(rmsLevel(frame));
    const pcm = floatToInt16(frame);
    if (this.vad && this.gate) {
      const gate = this.gate;
      const was = gate.speaking;
      gate.pushFrame(pcm);
      const v0 = performance.now();
      await this.vad.process(frame);
      this.stats.vad.add(performance.now() - v0);
      gate.afterVad(pcm);
      if (gate.speaking !== was) this.sinks.onSpeaking?.(gate.speaking);
    } else {
      this.sinks.sendFrame(pcm);
    }
    const mainMs = performance.now() - t0;
    if (workletMs >= 0) this.stats.worklet.add(workletMs);
    this.stats.total.add(mainMs + Math.max(0, workletMs));
  }
}
