import { downsample16kTo8k, FRAME_SAMPLES, mulawDecode, mulawEncode, PHONE_FRAME_BYTES, upsample8kTo16k } from '@switchboard/audio';
import { describe, expect, it } from 'vitest';
import { downsampleToPhone, PhoneAudioIn, phoneChunks, StreamingUpsampler, toPhoneAudio } from './media-stream-codec.js';

const tone = (hz: number, rate: number, seconds: number, amp = 8000) =>
  Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate) + 0.3 * amp * Math.sin((2 * Math.PI * 3 * hz * i) / rate)),
  );

const snrDb = (signal: ArrayLike<number>, noisy: ArrayLike<number>, from: number, to: number) => {
  let s = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    s += (signal[i] as number) ** 2;
    n += ((signal[i] as number) - (noisy[i] as number)) ** 2;
  }
  return 10 * Math.log10(s / Math.max(n, 1e-9));
};

describe('streaming 8 → 16 kHz upsampler', () => {
  it('matches whole-buffer resampling sample for sample when fed 20 ms chunks', () => {
    const narrow = tone(440, 8000, 0.5);
    const whole = upsample8kTo16k(Float32Array.from(narrow));
    const up = new StreamingUpsampler();
    const parts: number[] = [];
    for (let i = 0; i < narrow.length; i += 160) parts.push(...up.push(narrow.subarray(i, i + 160)));
    // 16 input samples of lookahead stay inside: everything before them is out, in order.
    expect(parts.length).toBe(2 * (narrow.length - 16));
    let worst = 0;
    for (let i = 64; i < parts.length - 64; i++) worst = Math.max(worst, Math.abs((parts[i] as number) - (whole[i] as number)));
    expect(worst).toBeLessThanOrEqual(1); // rounding to Int16 only
  });
});

describe('16 → 8 kHz for prompts', () => {
  it('equals whole-buffer downsampling to the sample, edges included', () => {
    const wide = tone(700, 16000, 0.3, 12000);
    const expected = downsample16kTo8k(Float32Array.from(wide));
    const got = downsampleToPhone(wide);
    expect(got.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs((got[i] as number) - (expected[i] as number)));
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe('phone audio round trip', () => {
  it('μ-law 8 kHz in becomes whole 16 kHz frames close to the original speech band', () => {
    const narrow = tone(300, 8000, 1);
    const wire = mulawEncode(narrow);
    const input = new PhoneAudioIn();
    const frames: Int16Array[] = [];
    for (const chunk of phoneChunks(wire)) input.push(chunk, (f) => frames.push(f.slice()));
    expect(frames.every((f) => f.length === FRAME_SAMPLES)).toBe(true);
    expect(frames.length).toBe(Math.floor((2 * (narrow.length - 16)) / FRAME_SAMPLES));
    const wide = Int16Array.from(frames.flatMap((f) => [...f]));
    const reference = upsample8kTo16k(Float32Array.from(narrow));
    // μ-law keeps ~35 dB of SNR for speech-level signals; a wrong rate or offset would be near 0 dB.
    expect(snrDb(reference, wide, 200, wide.length - 200)).toBeGreaterThan(30);
  });

  it('a 16 kHz prompt goes out as 8 kHz μ-law in 20 ms pieces and decodes back to it', () => {
    const prompt = tone(500, 16000, 1);
    const wire = toPhoneAudio(prompt);
    expect(wire.length).toBe(8000);
    const chunks = [...phoneChunks(wire)];
    expect(chunks.every((c) => c.length === PHONE_FRAME_BYTES)).toBe(true);
    const back = mulawDecode(wire);
    const reference = downsample16kTo8k(Float32Array.from(prompt));
    expect(snrDb(reference, back, 100, back.length - 100)).toBeGreaterThan(30);
  });
});
