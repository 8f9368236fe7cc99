import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_RATE, writeWav } from '@switchboard/audio';
import type { Flow } from '@switchboard/protocol';
import { buildArpaLanguageModel } from './arpa-language-model.js';
import { buildJsgfGrammar, flowVocabulary } from './jsgf-grammar.js';
import { fillPhoneBand } from './phone-band.js';
import { createPocketsphinxPool } from './pocketsphinx-pool.js';
import { type SpeechToText, STT_UNAVAILABLE_HINT, SttError, type Transcript } from './stt.js';

export const POCKETSPHINX_BIN = 'pocketsphinx_continuous';
export const POCKETSPHINX_DICT = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

export interface PocketsphinxOptions {
  flow: Flow;
  binary?: string;
  dictionaryPath?: string;
  timeoutMs?: number;
  /** Extra decoder arguments; the defaults were tuned on espeak-ng speech with noise (apps/server/bench/speech-accuracy.bench.ts). */
  decoderArgs?: string[];
  /**
   * How the flow constrains the recogniser: a JSGF grammar of its examples and frequent words,
   * or a trigram language model built from the examples (arpa-language-model.ts). Compared by
   * apps/server/bench/speech-accuracy.bench.ts; see docs/understanding.md for the figures.
   */
  decoding?: PocketsphinxDecoding;
  /** Fill the empty band above 4 kHz of phone audio with quiet noise (phone-band.ts; default true). */
  fillPhoneBand?: boolean;
  /**
   * Keep recognisers loaded (pocketsphinx-process.ts; default true) instead of starting a process
   * per utterance; a failed one falls back to a process for that utterance.
   */
  keepLoaded?: boolean;
  /** How many kept-loaded recognisers decode at once (default 2, this machine's cores). */
  recognisers?: number;
  /** How many utterances may wait for a free recogniser before one is refused (default 64). */
  queue?: number;
  /** Told when a kept-loaded recogniser failed and the utterance went through its own process. */
  onFallback?: (error: SttError) => void;
}

export interface PocketsphinxStt extends SpeechToText {
  /** Process ids of the kept-loaded recognisers now running. */
  recogniserPids(): number[];
}

export type PocketsphinxDecoding = 'grammar' | 'language-model';

/** Pronunciation lines per word (alternates "word(2)" under their word). */
function loadDictionary(path: string): Map<string, string[]> | undefined {
  if (!existsSync(path)) return undefined;
  const entries = new Map<string, string[]>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const word = line.split(' ', 1)[0]?.replace(/\(\d+\)$/, '');
    if (word) entries.set(word, [...(entries.get(word) ?? []), line]);
  }
  return entries;
}

/** Every word the grammar or language model can emit (tokens that are not JSGF or ARPA syntax). */
function modelWords(model: string, decoding: PocketsphinxDecoding): Set<string> {
  if (decoding === 'language-model') {
    const unigrams = model.slice(model.indexOf('\\1-grams:'), model.indexOf('\\2-grams:'));
    return new Set(unigrams.split('\n').flatMap((l) => (l.split(' ')[1] ? [l.split(' ')[1] as string] : [])));
  }
  const body = model.split('\n').filter((l) => l.startsWith('<'));
  return new Set(body.flatMap((l) => l.replace(/^<\w+> =|public <\w+> =/, '').split(/[\s|()+;]+/)).filter((w) => /^[a-z']+$/.test(w)));
}

/**
 * Debian's pocketsphinx (`pocketsphinx_continuous`) with a language model or JSGF grammar
 * generated from the flow: kept loaded in a small pool of long-lived processes
 * (pocketsphinx-pool.ts), with a process per utterance as the fallback. A constrained
 * recogniser, honestly: words outside the flow's vocabulary cannot come out. close() ends the
 * processes and removes the model folder.
 */
export async function createPocketsphinxStt(options: PocketsphinxOptions): Promise<PocketsphinxStt> {
  const binary = options.binary ?? POCKETSPHINX_BIN;
  const dir = await mkdtemp(join(tmpdir(), 'sb-stt-'));
  const removeDir = () => {
    openModelDirs.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  if (!exitHookInstalled) process.once('exit', removeOpenModelDirs);
  exitHookInstalled = true;
  openModelDirs.add(dir);
  try {
    return await createWithModelDir(options, binary, dir, removeDir);
  } catch (error) {
    removeDir();
    throw error;
  }
}

/**
 * The model files are read by every utterance's process, so their folder lives until close();
 * a process that exits without closing (a CLI run) still removes them.
 */
const openModelDirs = new Set<string>();
let exitHookInstalled = false;
function removeOpenModelDirs(): void {
  for (const dir of openModelDirs) rmSync(dir, { recursive: true, force: true });
  openModelDirs.clear();
}

async function createWithModelDir(
  options: PocketsphinxOptions,
  binary: string,
  dir: string,
  removeDir: () => void,
): Promise<PocketsphinxStt> {
  const pronunciations = loadDictionary(options.dictionaryPath ?? POCKETSPHINX_DICT);
  const dictionary = pronunciations ? new Set(pronunciations.keys()) : undefined;
  // The language model routed 56–64% of spoken blind requests at 16 kHz over two runs, the grammar 40–45%,
  // in a quarter of the time (docs/understanding.md).
  const decoding = options.decoding ?? 'language-model';
  const modelPath = join(dir, decoding === 'grammar' ? 'flow.gram' : 'flow.arpa');
  const model =
    decoding === 'grammar'
      ? buildJsgfGrammar(options.flow, dictionary)
      : buildArpaLanguageModel(options.flow, { ...(dictionary ? { dictionary } : {}), extraWords: [...flowVocabulary(options.flow)] });
  await writeFile(modelPath, model);
  const modelArgs = decoding === 'grammar' ? ['-jsgf', modelPath] : ['-lm', modelPath];
  // Only the flow's words: loading all 135k words of cmudict was most of the start-up of every
  // utterance (measured: 1.31 s -> 0.29 s wall per utterance, same transcript).
  if (pronunciations) {
    const dictPath = join(dir, 'flow.dict');
    await writeFile(dictPath, `${[...modelWords(model, decoding)].flatMap((w) => pronunciations.get(w) ?? []).join('\n')}\n`);
    modelArgs.push('-dict', dictPath);
  }
  const timeoutMs = options.timeoutMs ?? 15_000;
  // A low word insertion penalty keeps the noise around an utterance from decoding as short words
  // (measured on espeak-ng speech with noise); wider beams cost 2x the time for little gain.
  const decoderArgs = options.decoderArgs ?? ['-wip', '1e-4'];
  let n = 0;
  const name = decoding === 'grammar' ? 'pocketsphinx' : 'pocketsphinx-lm';
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  const pool =
    options.keepLoaded === false
      ? undefined
      : createPocketsphinxPool({
          binary,
          dir,
          decoderArgs: [...modelArgs, '-samprate', String(SAMPLE_RATE), '-logfn', '/dev/null', ...decoderArgs],
          size: options.recognisers ?? 2,
          queue: options.queue ?? 64,
          timeoutMs,
        });
  /** A process per utterance: the fallback when a kept-loaded recogniser fails. */
  const transcribeOnce = async (prepared: Int16Array, signal?: AbortSignal): Promise<Transcript> => {
    const wavPath = join(dir, `u${process.pid}-${n++}.wav`);
    await writeFile(wavPath, writeWav(prepared, SAMPLE_RATE));
    try {
      const text = await new Promise<string>((resolve, reject) => {
        execFile(
          binary,
          ['-infile', wavPath, ...modelArgs, '-samprate', String(SAMPLE_RATE), '-logfn', '/dev/null', ...decoderArgs],
          { timeout: timeoutMs, signal, maxBuffer: 1 << 20 },
          (error, stdout) => {
            if (!error) return resolve(stdout);
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOENT')
              return reject(
                new SttError(
                  'stt-unavailable',
                  `pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us). ${STT_UNAVAILABLE_HINT}`,
                  false,
                ),
              );
            if ((error as { killed?: boolean }).killed)
              return reject(new SttError('stt-timeout', `pocketsphinx took longer than ${timeoutMs} ms`, true));
            reject(new SttError('stt-failed', `pocketsphinx failed: ${error.message}`, true));
          },
        );
      });
      return {
        text: text
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .join(' '),
        engine: name,
      };
    } finally {
      await rm(wavPath, { force: true });
    }
  };
  const transcribe = async (audio: Int16Array, signal?: AbortSignal): Promise<Transcript> => {
    const prepared = options.fillPhoneBand === false ? audio : fillPhoneBand(audio);
    if (!pool) return transcribeOnce(prepared, signal);
    signal?.throwIfAborted();
    try {
      // (an abort while the utterance decodes is honoured when it is done: the stream cannot skip it)
      const text = await pool.decode(prepared);
      signal?.throwIfAborted();
      return { text, engine: name };
    } catch (error) {
      // A dead or stuck recogniser: this utterance goes through its own process (the pool starts
      // a new recogniser for the next). Not when busy (that would bypass the bound) or not installed.
      if (!(error instanceof SttError && (error.code === 'stt-failed' || error.code === 'stt-timeout'))) throw error;
      options.onFallback?.(error);
      return transcribeOnce(prepared, signal);
    }
  };
  return {
    name,
    constrained: true,
    recogniserPids: () => pool?.pids() ?? [],
    transcribe(audio, signal) {
      if (closed) return Promise.reject(new SttError('stt-unavailable', 'pocketsphinx STT is closed', false));
      const run = transcribe(audio, signal);
      inFlight.add(run);
      const forget = () => inFlight.delete(run);
      run.then(forget, forget);
      return run;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(inFlight);
      await pool?.close();
      removeDir();
    },
  };
}
