import { type Percentiles, SampleWindow } from './sample-window';

/** Which path each stage of the widget is running on (shown in the widget and to tests). */
export interface ActiveModes {
  capture: 'AudioWorklet' | 'ScriptProcessor' | 'none';
  vad: 'browser' | 'server' | 'none';
  transport: 'WebSocket' | 'LiveKit' | 'none';
}

export interface StatsSnapshot {
  modes: ActiveModes;
  /** Per 32 ms frame: time spent framing/resampling in the worklet (or ScriptProcessor). */
  worklet: Percentiles;
  /** Per frame: Silero v5 inference + vad-web's frame processor. */
  vad: Percentiles;
  /** Per frame: worklet + main-thread handling (PCM conversion, VAD, send). */
  total: Percentiles;
  /** Per spoken turn: speech end sent → first audio frame of the reply received (ms). */
  replyLatency: Percentiles;
  framesCaptured: number;
  framesSent: number;
  speechStarts: number;
  speechEnds: number;
  vadReadyMs: number | null;
}

/** Collects the lesson's budget figures (worklet < 3 ms, VAD < 1 ms, total < 10 ms). */
export class PipelineStats {
  readonly worklet: SampleWindow;
  readonly vad: SampleWindow;
  readonly total: SampleWindow;
  readonly replyLatency = new SampleWindow(1024);
  modes: ActiveModes = { capture: 'none', vad: 'none', transport: 'none' };
  framesCaptured = 0;
  framesSent = 0;
  speechStarts = 0;
  speechEnds = 0;
  vadReadyMs: number | null = null;
  /** performance.now() when the VAD became ready (the bench measures click → ready with it). */
  vadReadyAt: number | null = null;

  constructor(capacity = 8192) {
    this.worklet = new SampleWindow(capacity);
    this.vad = new SampleWindow(capacity);
    this.total = new SampleWindow(capacity);
  }

  snapshot(): StatsSnapshot {
    return {
      modes: { ...this.modes },
      worklet: this.worklet.percentiles(),
      vad: this.vad.percentiles(),
      total: this.total.percentiles(),
      replyLatency: this.replyLatency.percentiles(),
      framesCaptured: this.framesCaptured,
      framesSent: this.framesSent,
      speechStarts: this.speechStarts,
      speechEnds: this.speechEnds,
      vadReadyMs: this.vadReadyMs,
    };
  }
}

declare global {
  interface Window {
    /** For tests and the bench: `window.__switchboardStats.snapshot()`. */
    __switchboardStats?: PipelineStats;
  }
}

export const pipelineStats = new PipelineStats();
if (typeof window !== 'undefined') window.__switchboardStats = pipelineStats;
