// @ts-check
/**
 * Packs audio blocks of any sample rate into 512-sample, 16 kHz mono Float32 frames (32 ms),
 * the unit Silero v5 and the Switchboard socket both take (packages/protocol wire.ts).
 * Shared by the AudioWorklet processor and the ScriptProcessorNode fallback, so both paths
 * produce identical frames. Allocation happens once per finished frame (every 32 ms), never per
 * input block: the output frame is transferred away, so it must be a fresh buffer.
 *
 * Resampling: each output sample is the mean of the input samples that fall in its window
 * (a box filter), which is a cheap anti-alias low-pass for the 48→16 kHz (÷3) and 44.1→16 kHz
 * cases; looked at vad-web's resampler.ts, which does the same averaging.
 */
export const TARGET_RATE = 16000;
export const FRAME_SAMPLES = 512;

export class FramePacker {
  /**
   * @param {number} inputRate sample rate of the blocks passed to push()
   * @param {(frame: Float32Array) => void} onFrame receives each full frame (owned by the callee)
   */
  constructor(inputRate, onFrame) {
    if (!(inputRate >= TARGET_RATE)) throw new Error(`FramePacker: input rate ${inputRate} Hz is below ${TARGET_RATE} Hz`);
    this.step = inputRate / TARGET_RATE;
    this.onFrame = onFrame;
    this.frame = new Float32Array(FRAME_SAMPLES);
    this.filled = 0;
    this.acc = 0;
    this.accCount = 0;
    /** input position (in input samples) where the current output window ends */
    this.windowEnd = this.step;
    this.pos = 0;
  }

  /** @param {Float32Array} block */
  push(block) {
    const n = block.length;
    for (let i = 0; i < n; i++) {
      this.acc += block[i];
      this.accCount++;
      this.pos++;
      if (this.pos >= this.windowEnd) {
        this.frame[this.filled++] = this.acc / this.accCount;
        this.acc = 0;
        this.accCount = 0;
        this.windowEnd += this.step;
        if (this.filled === FRAME_SAMPLES) {
          const full = this.frame;
          this.frame = new Float32Array(FRAME_SAMPLES);
          this.filled = 0;
          this.onFrame(full);
        }
      }
    }
    // keep the counters small so float precision never drifts over a long call
    if (this.pos > 1e6) {
      this.pos -= 1e6;
      this.windowEnd -= 1e6;
    }
  }
}
