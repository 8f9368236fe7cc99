// @ts-check
/// <reference lib="webworker" />
/**
 * AudioWorklet capture: frames the mic into 512-sample 16 kHz Float32 frames and transfers each
 * to the main thread (postMessage(buf, [buf])). Frames only — no VAD, no logging, no logic
 * (shared/STYLE.md, "the audio path stays dumb and fast"). Each message also carries the time
 * process() spent on that frame's input (ms), when the worklet scope has a clock.
 */
import { FramePacker } from './frame-packer.js';

/* global sampleRate, registerProcessor, AudioWorkletProcessor */
const clock = typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance : null;

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.spentMs = 0;
    this.stopped = false;
    this.packer = new FramePacker(sampleRate, (frame) => {
      this.port.postMessage({ frame, workletMs: clock ? this.spentMs : -1 }, [frame.buffer]);
      this.spentMs = 0;
    });
    this.port.onmessage = (e) => {
      if (e.data === 'stop') this.stopped = true;
    };
  }

  /** @param {Float32Array[][]} inputs */
  process(inputs) {
    if (this.stopped) return false;
    const channel = inputs[0]?.[0];
    if (channel) {
      const t0 = clock ? clock.now() : 0;
      this.packer.push(channel);
      if (clock) this.spentMs += clock.now() - t0;
    }
    return true;
  }
}

registerProcessor('switchboard-capture', CaptureProcessor);
