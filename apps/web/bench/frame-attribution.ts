/**
 * Where a slow frame's time went, measured per frame (bench only). For each timed call it keeps
 * the duration, the JS heap before and after (Chromium's performance.memory, precise with
 * --enable-precise-memory-info), and whether a vad-web speech-end fired inside it. A heap that
 * is smaller after the call than before means a garbage collection ran inside the frame.
 */
interface FrameRecord {
  ms: number;
  heapDelta: number;
  gc: boolean;
  speechEnd: boolean;
}

export interface Attribution {
  frames: number;
  /** Frames above the threshold (the floor's p99 from the same run). */
  slow: number;
  slowWithGc: number;
  slowAtSpeechEnd: number;
  slowOther: number;
  /** Frames with a GC inside them, slow or not. */
  gcFrames: number;
  /** Mean JS heap growth per frame over frames with no GC (bytes): what each frame allocates. */
  bytesPerFrame: number;
}

const heap = (): number => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;

export class FrameAttribution {
  private readonly records: FrameRecord[] = [];
  private speechEndSeen = false;

  /** Call from the VAD's speech-end callback. */
  speechEnded(): void {
    this.speechEndSeen = true;
  }

  async time<T>(fn: () => Promise<T>): Promise<T> {
    this.speechEndSeen = false;
    const h0 = heap();
    const t0 = performance.now();
    const out = await fn();
    const ms = performance.now() - t0;
    const delta = heap() - h0;
    this.records.push({ ms, heapDelta: delta, gc: delta < 0, speechEnd: this.speechEndSeen });
    return out;
  }

  summary(thresholdMs: number): Attribution {
    const slow = this.records.filter((r) => r.ms > thresholdMs);
    const noGc = this.records.filter((r) => !r.gc);
    return {
      frames: this.records.length,
      slow: slow.length,
      slowWithGc: slow.filter((r) => r.gc).length,
      slowAtSpeechEnd: slow.filter((r) => !r.gc && r.speechEnd).length,
      slowOther: slow.filter((r) => !r.gc && !r.speechEnd).length,
      gcFrames: this.records.filter((r) => r.gc).length,
      bytesPerFrame: noGc.length ? noGc.reduce((a, r) => a + r.heapDelta, 0) / noGc.length : Number.NaN,
    };
  }
}
