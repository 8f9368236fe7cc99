import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav } from '@switchboard/audio';
import { parseFlow } from '@switchboard/ivr';
import type { Flow } from '@switchboard/protocol';
import { parse as parseYaml } from 'yaml';

export const DEFAULT_FLOW_PATH = join(import.meta.dirname, '..', '..', '..', '..', 'packages', 'ivr', 'flows', 'default.yaml');

export function defaultFlow(): Flow {
  const r = parseFlow(parseYaml(readFileSync(DEFAULT_FLOW_PATH, 'utf8')));
  if (!r.ok) throw new Error(`default flow invalid: ${JSON.stringify(r.issues)}`);
  return r.value;
}

export interface SpeechOptions {
  voice?: string;
  rate?: 16000 | 8000;
  /** Seconds of low noise before and after (pure digital silence confuses VADs: FACTS.md). */
  padSeconds?: number;
  noiseVolume?: number;
}

/** espeak-ng speech with a little white noise mixed in, as a WAV file at the given rate. */
export function espeakWav(text: string, options: SpeechOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-speech-'));
  const raw = join(dir, 'raw.wav');
  const padded = join(dir, 'padded.wav');
  const noise = join(dir, 'noise.wav');
  const out = join(dir, 'speech.wav');
  const rate = String(options.rate ?? 16000);
  const pad = String(options.padSeconds ?? 0.6);
  execFileSync('espeak-ng', ['-v', options.voice ?? 'en-us', '-w', raw, '--', text]);
  execFileSync('sox', [raw, '-r', rate, '-c', '1', '-b', '16', padded, 'pad', pad, pad]);
  const seconds = parseWav(readFileSync(padded)).samples.length / Number(rate);
  execFileSync('sox', ['-n', '-r', rate, '-c', '1', '-b', '16', noise, 'synth', String(seconds), 'whitenoise', 'vol', String(options.noiseVolume ?? 0.003)]);
  execFileSync('sox', ['-m', padded, noise, out]);
  return out;
}

/** 16 kHz Int16 samples of a WAV file. */
export function readWav16k(path: string): Int16Array {
  const { samples, sampleRate } = parseWav(readFileSync(path));
  if (sampleRate !== 16000) throw new Error(`expected 16 kHz, got ${sampleRate}`);
  return Int16Array.from(samples, (s) => Math.max(-32768, Math.min(32767, Math.round(s * 32768))));
}
