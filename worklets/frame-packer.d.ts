export declare const TARGET_RATE: 16000;
export declare const FRAME_SAMPLES: 512;
export declare class FramePacker {
  constructor(inputRate: number, onFrame: (frame: Float32Array) => void);
  push(block: Float32Array): void;
}
