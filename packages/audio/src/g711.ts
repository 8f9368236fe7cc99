/**
 * G.711 μ-law and A-law (ITU-T G.711), the codecs carriers stream phone audio in
 * (Twilio media streams: audio/x-mulaw 8 kHz). Same algorithm as the reference C code
 * by Sun Microsystems (g711.c) that sox and most stacks use.
 */
const BIAS = 0x84;
const CLIP = 32635;

export function mulawEncodeSample(pcm: number): number {
  let s = Math.max(-32768, Math.min(32767, pcm | 0));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function mulawDecodeSample(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -magnitude : magnitude;
}

export function alawEncodeSample(pcm: number): number {
  let s = Math.max(-32768, Math.min(32767, pcm | 0));
  const sign = s >= 0 ? 0x80 : 0;
  if (!sign) s = -s - 1;
  if (s > 32767) s = 32767;
  let out: number;
  if (s < 256) {
    out = s >> 4;
  } else {
    let exponent = 7;
    for (let mask = 0x4000; (s & mask) === 0 && exponent > 1; mask >>= 1) exponent--;
    out = (exponent << 4) | ((s >> (exponent + 3)) & 0x0f);
  }
  return (out | sign) ^ 0x55;
}

export function alawDecodeSample(byte: number): number {
  const a = byte ^ 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if (magnitude > 32767) magnitude = 32767;
  return sign ? magnitude : -magnitude;
}

const map = (src: ArrayLike<number>, f: (n: number) => number, out: Int16Array | Uint8Array) => {
  for (let i = 0; i < src.length; i++) out[i] = f(src[i] as number);
  return out;
};

export const mulawEncode = (pcm: Int16Array): Uint8Array => map(pcm, mulawEncodeSample, new Uint8Array(pcm.length)) as Uint8Array;
export const mulawDecode = (bytes: Uint8Array): Int16Array => map(bytes, mulawDecodeSample, new Int16Array(bytes.length)) as Int16Array;
export const alawEncode = (pcm: Int16Array): Uint8Array => map(pcm, alawEncodeSample, new Uint8Array(pcm.length)) as Uint8Array;
export const alawDecode = (bytes: Uint8Array): Int16Array => map(bytes, alawDecodeSample, new Int16Array(bytes.length)) as Int16Array;
