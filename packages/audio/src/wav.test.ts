import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WavFormatError, parseWav, writeWav } from './wav.js';

describe('wav', () => {
  it('round-trips 16-bit mono', () => {
    const samples = Int16Array.from([0, 1000, -1000, 32767, -32768]);
    const parsed = parseWav(writeWav(samples, 16000));
    expect(parsed.sampleRate).toBe(16000);
    expect(parsed.channels).toBe(1);
    expect(Array.from(parsed.samples, (s) => Math.round(s * 32768))).toEqual(Array.from(samples));
  });

  it('reads what sox writes: 8 kHz μ-law stereo, mixed to mono', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wav-'));
    const file = join(dir, 'tone.wav');
    execFileSync('sox', ['-n', '-r', '8000', '-c', '2', '-e', 'u-law', file, 'synth', '0.25', 'sine', '440', 'vol', '0.5']);
    const parsed = parseWav(readFileSync(file));
    expect(parsed.sampleRate).toBe(8000);
    expect(parsed.channels).toBe(2);
    expect(parsed.samples.length).toBe(2000);
    const peak = Math.max(...parsed.samples.map(Math.abs));
    expect(peak).toBeGreaterThan(0.45);
    expect(peak).toBeLessThan(0.55);
  });

  it('says what is wrong with a broken file', () => {
    expect(() => parseWav(new Uint8Array(4))).toThrow(WavFormatError);
    expect(() => parseWav(new TextEncoder().encode('RIFF....WAVEjunk'))).toThrow(/no fmt chunk/);
    const noData = writeWav(new Int16Array(0), 16000).subarray(0, 36);
    expect(() => parseWav(noData)).toThrow(/no data chunk/);
    const adpcm = writeWav(new Int16Array(4), 16000);
    new DataView(adpcm.buffer).setUint16(20, 2, true);
    expect(() => parseWav(adpcm)).toThrow(/unsupported WAV encoding: format 2/);
  });
});
