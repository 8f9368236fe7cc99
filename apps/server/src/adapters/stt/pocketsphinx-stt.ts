import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_RATE, writeWav } from '@switchboard/audio';
import type { Flow } from '@switchboard/protocol';
import { buildJsgfGrammar } from './jsgf-grammar.js';
import { STT_UNAVAILABLE_HINT, type SpeechToText, SttError } from './stt.js';

export const POCKETSPHINX_BIN = 'pocketsphinx_continuous';
export const POCKETSPHINX_DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

export interface PocketsphinxOptions {
  flow: Flow;
  binary?: string;
  dictionaryPath?: string;
  timeoutMs?: number;
  /** Extra decoder arguments; the defaults were tuned on espeak-ng speech with noise (apps/server/bench/speech-accuracy.bench.ts). */
  decoderArgs?: string[];
}

function loadDictionary(path: string): Set<string> | undefined {
  if (!existsSync(path)) return undefined;
  const words = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const word = line.split(' ', 1)[0];
    if (word && !word.includes('(')) words.add(word);
  }
  return words;
}

/**
 * Debian's pocketsphinx through `pocketsphinx_continuous -infile FILE` (it reads a file, not
 * stdin: shared/FACTS.md) with a JSGF grammar generated from the flow. A constrained
 * recogniser, honestly: words outside the flow's vocabulary cannot come out.
 */
export async function createPocketsphinxStt(options: PocketsphinxOptions): Promise<SpeechToText> {
  const binary = options.binary ?? POCKETSPHINX_BIN;
  const dir = await mkdtemp(join(tmpdir(), 'sb-stt-'));
  const grammarPath = join(dir, 'flow.gram');
  await writeFile(grammarPath, buildJsgfGrammar(options.flow, loadDictionary(options.dictionaryPath ?? POCKETSPHINX_DICT)));
  const timeoutMs = options.timeoutMs ?? 15_000;
  // A low word insertion penalty keeps the noise around an utterance from decoding as short words
  // (measured on espeak-ng speech with noise); wider beams cost 2x the time for little gain.
  const decoderArgs = options.decoderArgs ?? ['-wip', '1e-4'];
  let n = 0;
  return {
    name: 'pocketsphinx',
    constrained: true,
    async transcribe(audio, signal) {
      const wavPath = join(dir, `u${process.pid}-${n++}.wav`);
      await writeFile(wavPath, writeWav(audio, SAMPLE_RATE));
      try {
        const text = await new Promise<string>((resolve, reject) => {
          execFile(
            binary,
            ['-infile', wavPath, '-jsgf', grammarPath, '-samprate', String(SAMPLE_RATE), '-logfn', '/dev/null', ...decoderArgs],
            { timeout: timeoutMs, signal, maxBuffer: 1 << 20 },
            (error, stdout) => {
              if (!error) return resolve(stdout);
              const code = (error as NodeJS.ErrnoException).code;
              if (code === 'ENOENT') return reject(new SttError('stt-unavailable', `pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us). ${STT_UNAVAILABLE_HINT}`, false));
              if ((error as { killed?: boolean }).killed) return reject(new SttError('stt-timeout', `pocketsphinx took longer than ${timeoutMs} ms`, true));
              reject(new SttError('stt-failed', `pocketsphinx failed: ${error.message}`, true));
            },
          );
        });
        return { text: text.split('\n').map((l) => l.trim()).filter(Boolean).join(' '), engine: 'pocketsphinx' };
      } finally {
        await rm(wavPath, { force: true });
      }
    },
  };
}
