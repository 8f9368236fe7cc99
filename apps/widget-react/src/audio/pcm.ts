/** Float32 [-1, 1] → Int16 little-endian PCM, the socket's audio format (protocol wire.ts). */
export function floatToInt16(frame: Float32Array, out: Int16Array = new Int16Array(frame.length)): Int16Array {
  for (let i = 0; i < frame.length; i++) {
    const s = Math.max(-1, Math.min(1, frame[i]!));
    out[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return out;
}

/** Int16Array's byte order is the platform's; every browser we target is little-endian. */
export const platformIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** RMS level of a frame in [0, 1], for the level meter. */
export function rmsLevel(frame: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
  return Math.sqrt(sum / Math.max(1, frame.length));
}
