/**
 * Plays the IVR's voice: the server streams its espeak-ng prompts down the socket as binary
 * Int16 LE 16 kHz frames (apps/server ws/call-audio-out.ts). Frames are scheduled back to back on
 * one AudioContext clock so there are no gaps; stop() drops everything queued (barge-in).
 */
const RATE = 16_000;

export class PromptPlayer {
  private ctx: AudioContext | null = null;
  private playing = new Set<AudioBufferSourceNode>();
  private nextAt = 0;

  /** Pass the Int16 LE bytes of one frame. */
  play(bytes: ArrayBuffer): void {
    if (typeof AudioContext === 'undefined' || bytes.byteLength < 2) return;
    this.ctx ??= new AudioContext();
    const ctx = this.ctx;
    const view = new DataView(bytes);
    const n = bytes.byteLength >> 1;
    const buffer = ctx.createBuffer(1, n, RATE);
    const ch = buffer.getChannelData(0);
    for (let i = 0; i < n; i++) ch[i] = view.getInt16(i * 2, true) / 0x8000;
    const src = new AudioBufferSourceNode(ctx, { buffer });
    src.connect(ctx.destination);
    // a small lead keeps the first frame from being cut when the context is just waking
    const at = Math.max(this.nextAt, ctx.currentTime + 0.05);
    src.start(at);
    this.nextAt = at + buffer.duration;
    this.playing.add(src);
    src.onended = () => this.playing.delete(src);
  }

  /** Barge-in: the caller started talking. */
  stop(): void {
    for (const s of this.playing) s.stop();
    this.playing.clear();
    this.nextAt = 0;
  }

  async close(): Promise<void> {
    this.stop();
    await this.ctx?.close().catch(() => {});
    this.ctx = null;
  }
}
