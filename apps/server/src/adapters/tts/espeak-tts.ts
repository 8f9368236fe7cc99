import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { float32ToInt16, parseWav, resample, SAMPLE_RATE } from '@switchboard/audio';
import { bulkhead } from 'cockatiel';
import type { TextToSpeech } from './tts.js';

export interface EspeakOptions {
  voice?: string;
  binary?: string;
  /** Prompts are few and repeated on every call: keep this many synthesised. */
  cacheSize?: number;
  onSynthesized?(seconds: number): void;
  /** espeak-ng processes at once (default: one per core); the rest wait their turn. */
  concurrency?: number;
}

/** espeak-ng (Debian) → WAV on stdout (22.05 kHz) → 16 kHz Int16, cached per text. */
export function createEspeakTts(options: EspeakOptions = {}): TextToSpeech {
  const voice = options.voice ?? 'en-us';
  const binary = options.binary ?? 'espeak-ng';
  const cacheSize = options.cacheSize ?? 256;
  const cache = new Map<string, Promise<Int16Array>>();
  // Every queue-position announcement is new text: 600 waiting callers once spawned 600 espeak-ng
  // processes in the same second and starved the event loop. cockatiel's bulkhead queues the rest.
  const limit = bulkhead(options.concurrency ?? availableParallelism(), Number.MAX_SAFE_INTEGER);
  const spawnEspeak = (text: string) =>
    new Promise<Int16Array>((resolve, reject) => {
      const started = performance.now();
      // `--` keeps a prompt that starts with "-" from being read as an option.
      execFile(binary, ['-v', voice, '--stdout', '--', text], { encoding: 'buffer', maxBuffer: 64 << 20, timeout: 30_000 }, (error, stdout) => {
        if (error) return reject(new Error((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'espeak-ng is not installed (apt-get install espeak-ng)' : `espeak-ng failed: ${error.message}`));
        try {
          const wav = parseWav(stdout);
          options.onSynthesized?.((performance.now() - started) / 1000);
          resolve(float32ToInt16(resample(wav.samples, wav.sampleRate, SAMPLE_RATE)));
        } catch (e) {
          reject(e);
        }
      });
    });
  return {
    name: 'espeak',
    synthesize(text) {
      const hit = cache.get(text);
      if (hit) {
        // Refresh recency (Map keeps insertion order: oldest first).
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const pending = limit.execute(() => spawnEspeak(text));
      cache.set(text, pending);
      pending.catch(() => cache.delete(text));
      while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
      return pending;
    },
  };
}
