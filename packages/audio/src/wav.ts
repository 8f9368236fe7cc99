/**
 * RIFF/WAVE read and write. Reads PCM 8/16/24/32-bit, IEEE float and G.711 μ-law/A-law,
 * any channel count (mixed down to mono); writes 16-bit PCM mono. Malformed files are
 * rejected with a message that says what is wrong.
 */
import { alawDecodeSample, mulawDecodeSample } from './g711.js';

export interface DecodedWav {
  sampleRate: number;
  /** Channels in the file (the samples are mixed down to mono). */
  channels: number;
  /** Mono, [-1, 1]. */
  samples: Float32Array;
}

export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

const tag = (v: DataView, at: number) => String.fromCharCode(v.getUint8(at), v.getUint8(at + 1), v.getUint8(at + 2), v.getUint8(at + 3));

export function parseWav(bytes: Uint8Array): DecodedWav {
  if (bytes.byteLength < 12) throw new WavFormatError('not a WAV file: shorter than a RIFF header');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (tag(v, 0) !== 'RIFF' || tag(v, 8) !== 'WAVE') throw new WavFormatError('not a WAV file: no RIFF/WAVE header');
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | undefined;
  let data: { at: number; size: number } | undefined;
  for (let at = 12; at + 8 <= bytes.byteLength; ) {
    const id = tag(v, at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new WavFormatError('fmt chunk too short');
      let format = v.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the sub-format GUID's first two bytes.
      if (format === FORMAT_EXTENSIBLE && size >= 26) format = v.getUint16(body + 24, true);
      fmt = { format, channels: v.getUint16(body + 2, true), sampleRate: v.getUint32(body + 4, true), bits: v.getUint16(body + 14, true) };
    } else if (id === 'data') {
      // Streamed WAVs (espeak-ng --stdout, sox -) may carry 0 or 0xFFFFFFFF: take what is there.
      const available = bytes.byteLength - body;
      data = { at: body, size: size === 0 || size > available ? available : size };
      break;
    }
    at = body + size + (size % 2);
  }
  if (!fmt) throw new WavFormatError('WAV has no fmt chunk');
  if (!data) throw new WavFormatError('WAV has no data chunk');
  const { format, channels, sampleRate, bits } = fmt;
  if (channels < 1) throw new WavFormatError('WAV declares 0 channels');
  if (sampleRate < 1000 || sampleRate > 192_000) throw new WavFormatError(`unsupported sample rate ${sampleRate}`);
  const read = sampleReader(v, format, bits);
  const bytesPerSample = bits / 8;
  const frames = Math.floor(data.size / (bytesPerSample * channels));
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) acc += read(data.at + (i * channels + c) * bytesPerSample);
    samples[i] = acc / channels;
  }
  return { sampleRate, channels, samples };
}

function sampleReader(v: DataView, format: number, bits: number): (at: number) => number {
  if (format === FORMAT_PCM && bits === 16) return (at) => v.getInt16(at, true) / 32768;
  if (format === FORMAT_PCM && bits === 8) return (at) => (v.getUint8(at) - 128) / 128;
  if (format === FORMAT_PCM && bits === 24) return (at) => ((v.getUint8(at) | (v.getUint8(at + 1) << 8) | (v.getInt8(at + 2) << 16)) / 8388608);
  if (format === FORMAT_PCM && bits === 32) return (at) => v.getInt32(at, true) / 2147483648;
  if (format === FORMAT_FLOAT && bits === 32) return (at) => v.getFloat32(at, true);
  if (format === FORMAT_MULAW && bits === 8) return (at) => mulawDecodeSample(v.getUint8(at)) / 32768;
  if (format === FORMAT_ALAW && bits === 8) return (at) => alawDecodeSample(v.getUint8(at)) / 32768;
  throw new WavFormatError(`unsupported WAV encoding: format ${format}, ${bits} bits`);
}

/** 16-bit PCM mono WAV. */
export function writeWav(samples: Int16Array, sampleRate: number): Uint8Array<ArrayBuffer> {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const put = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, FORMAT_PCM, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, samples[i] as number, true);
  return out;
}
