import { readFile } from 'node:fs/promises';
import { float32ToInt16, int16ToFloat32, PHONE_SAMPLE_RATE, parseWav, resample, SAMPLE_RATE, type SegmenterOptions, type SileroVad, SpeechSegmenter, toFrames } from '@switchboard/audio';
import type { SpeechToText } from '../adapters/stt/stt.js';
import type { SpeechInput } from '../sim/speech-input.js';

export interface WavSpeechInputOptions {
  vad: SileroVad;
  stt: SpeechToText;
  segmenter?: Partial<SegmenterOptions>;
}

export interface WavTranscription {
  text: string;
  /** Recognised text per utterance (utterances the recogniser returned nothing for are left out). */
  utterances: string[];
  /** Speech segments the VAD found, recognised or not. */
  segments: number;
  sampleRate: number;
}

/**
 * The simulator's `audio:` step heard the way a live call hears it (shared/DESIGN.md): the WAV
 * (16 kHz, or 8 kHz telephone audio upsampled) is cut into 32 ms frames, Silero v5 finds the
 * utterances, and each one goes to the configured recogniser.
 */
export async function transcribeWav(path: string, options: WavSpeechInputOptions): Promise<WavTranscription> {
  const wav = parseWav(await readFile(path));
  if (wav.sampleRate !== SAMPLE_RATE && wav.sampleRate !== PHONE_SAMPLE_RATE) throw new Error(`${path}: audio steps take 16 kHz or 8 kHz mono WAV, this is ${wav.sampleRate} Hz`);
  const samples = float32ToInt16(wav.sampleRate === SAMPLE_RATE ? wav.samples : resample(wav.samples, wav.sampleRate, SAMPLE_RATE));
  const segmenter = new SpeechSegmenter(options.segmenter);
  const stream = options.vad.newStream();
  const segments: Int16Array[] = [];
  for (const frame of toFrames(samples)) {
    const event = segmenter.push(await options.vad.process(stream, int16ToFloat32(frame)), frame);
    if (event?.type === 'speech.end') segments.push(event.audio);
  }
  const last = segmenter.flush();
  if (last?.type === 'speech.end') segments.push(last.audio);
  const utterances: string[] = [];
  for (const audio of segments) {
    const { text } = await options.stt.transcribe(audio);
    if (text) utterances.push(text);
  }
  return { text: utterances.join(' '), utterances, segments: segments.length, sampleRate: wav.sampleRate };
}

/** The SpeechInput port of `switchboard simulate` (apps/server/src/sim/speech-input.ts). */
export function createWavSpeechInput(options: WavSpeechInputOptions): SpeechInput {
  return { transcribe: async (wavPath) => (await transcribeWav(wavPath, options)).text };
}
