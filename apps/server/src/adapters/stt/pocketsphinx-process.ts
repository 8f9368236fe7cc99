import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { SAMPLE_RATE } from '@switchboard/audio';
import { STT_UNAVAILABLE_HINT, SttError } from './stt.js';

/** Deterministic uniform noise (mulberry32) peaking at `volume` of full scale. */
function noise(seconds: number, volume: number, seed: number): Int16Array {
  const out = new Int16Array(Math.round(seconds * SAMPLE_RATE));
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = Math.round(((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * volume * 32767);
  }
  return out;
}

/**
 * What follows each utterance in the stream: low noise long enough for pocketsphinx's own VAD to
 * close the utterance's last segment (it needs 0.5 s of non-speech, -vad_postspeech 50), then a
 * loud noise burst it always takes as speech (the end marker), then low noise again so the
 * marker's segment is closed and printed too. Pure digital silence confuses its VAD (FACTS.md).
 */
const GAP = noise(1.0, 0.0017, 0x5eed); // RMS ~0.001 full scale, a quiet room; louder (RMS 0.0017) was taken as speech
const MARKER = noise(0.25, 0.3, 0xb0057);
/**
 * A segment's printed start lies within ~0.35 s of where its sound starts in the stream
 * (measured: the marker's segment 0.12 s before the burst, later segments up to 0.33 s after
 * their speech): one starting this close to the marker or later is the marker's.
 */
const MARKER_TOLERANCE_S = 0.5;
/** `word start end confidence`, printed by `-time yes` after each segment's text line. */
const TIME_LINE = /^(\S+) (\d+\.\d+) (\d+\.\d+) (\S+)$/;

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

interface Pending {
  markerStartS: number;
  texts: string[];
  resolve: (text: string) => void;
  reject: (error: SttError) => void;
  timer: NodeJS.Timeout;
}

/**
 * One long-lived `pocketsphinx_continuous -infile FIFO -time yes`: the acoustic model,
 * dictionary and language model are loaded once; utterances are fed one at a time as raw 16 kHz
 * PCM, each followed by a gap and an end marker (above). Its own VAD may split an utterance into
 * several segments; every segment printed before the marker's belongs to the utterance.
 *
 * Through a named pipe, not stdin: Node's child stdio pipes are socket pairs, and pocketsphinx
 * opens its -infile by name, which fails on a socket (`/dev/stdin`: "No such device or address").
 *
 * The decoder keeps adapting across utterances (live cepstral mean and noise estimates; the
 * command line has no reset), so transcripts are those of a live decoder, not of a fresh process
 * per utterance: docs/understanding.md has the comparison.
 */
export class PocketsphinxProcess {
  readonly #child: ChildProcess;
  readonly #input: Socket;
  readonly #exited: Promise<void>;
  #alive = true;
  #samplesWritten = 0;
  #pending: Pending | undefined;
  /** The segment whose lines are being read (its start is set by its first time line). */
  #segment: { text: string; startS?: number } | undefined;

  /** Starts a recogniser reading from a new named pipe at `fifoPath` (removed when it ends). */
  static async start(binary: string, decoderArgs: readonly string[], fifoPath: string): Promise<PocketsphinxProcess> {
    await promisify(execFile)('mkfifo', [fifoPath]);
    // Read-write, so opening never waits for the reader and a dead reader is noticed by its exit, not by a blocked write.
    const fd = openSync(fifoPath, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      return new PocketsphinxProcess(binary, decoderArgs, fifoPath, fd);
    } catch (error) {
      closeSync(fd);
      await rm(fifoPath, { force: true });
      throw error;
    }
  }

  private constructor(binary: string, decoderArgs: readonly string[], fifoPath: string, fd: number) {
    this.#input = new Socket({ fd, readable: false, writable: true });
    this.#input.on('error', () => {});
    this.#child = spawn(binary, ['-infile', fifoPath, '-time', 'yes', ...decoderArgs], { stdio: ['ignore', 'pipe', 'ignore'] });
    this.#exited = new Promise<void>((resolve) => {
      this.#child.once('error', (error: NodeJS.ErrnoException) => {
        this.#fail(
          error.code === 'ENOENT'
            ? new SttError(
                'stt-unavailable',
                `pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us). ${STT_UNAVAILABLE_HINT}`,
                false,
              )
            : new SttError('stt-failed', `pocketsphinx could not start: ${error.message}`, true),
        );
        resolve();
      });
      this.#child.once('exit', (code, signal) => {
        this.#fail(new SttError('stt-failed', `pocketsphinx ended (${signal ?? `exit ${code}`})`, true));
        resolve();
      });
    }).then(async () => {
      this.#input.destroy();
      running.delete(this.#child);
      await rm(fifoPath, { force: true });
    });
    if (this.#child.stdout) createInterface({ input: this.#child.stdout }).on('line', (line) => this.#onLine(line));
    // An idle recogniser must not keep a CLI run alive (an utterance in flight does, by its
    // timer); whoever does not close() it still ends it when this process exits.
    this.#child.unref();
    this.#input.unref();
    (this.#child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    running.add(this.#child);
    if (!exitHookInstalled)
      process.once('exit', () => {
        for (const child of running) child.kill('SIGTERM');
      });
    exitHookInstalled = true;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** The transcript of one utterance (16 kHz mono); one at a time per process. */
  decode(audio: Int16Array, timeoutMs: number): Promise<string> {
    if (!this.#alive) return Promise.reject(new SttError('stt-failed', 'pocketsphinx process has ended', true));
    if (this.#pending) return Promise.reject(new Error('PocketsphinxProcess.decode called while an utterance is in flight'));
    const chunk = new Int16Array(audio.length + GAP.length + MARKER.length + GAP.length);
    chunk.set(audio, 0);
    chunk.set(GAP, audio.length);
    chunk.set(MARKER, audio.length + GAP.length);
    chunk.set(GAP, audio.length + GAP.length + MARKER.length);
    const markerStartS = (this.#samplesWritten + audio.length + GAP.length) / SAMPLE_RATE;
    this.#samplesWritten += chunk.length;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Where the decoder stands is unknown now: end it, the pool starts another.
        this.#fail(new SttError('stt-timeout', `pocketsphinx took longer than ${timeoutMs} ms`, true));
        this.#child.kill('SIGKILL');
      }, timeoutMs);
      this.#pending = { markerStartS, texts: [], resolve, reject, timer };
      this.#input.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
  }

  /** Ends the process and waits until it has exited. */
  async close(): Promise<void> {
    // Referenced again, so the event loop waits for the exit it is told about.
    this.#child.ref();
    if (this.#alive) this.#child.kill('SIGTERM');
    await this.#exited;
  }

  #onLine(line: string): void {
    const time = TIME_LINE.exec(line);
    if (!time) {
      this.#segment = { text: line.trim() };
      return;
    }
    const segment = this.#segment;
    // Only a segment's first time line says where it starts; the rest are its words.
    if (!segment || segment.startS !== undefined) return;
    segment.startS = Number(time[2]);
    const pending = this.#pending;
    if (!pending) return;
    if (segment.startS >= pending.markerStartS - MARKER_TOLERANCE_S) {
      this.#pending = undefined;
      clearTimeout(pending.timer);
      pending.resolve(pending.texts.join(' '));
    } else if (segment.text) pending.texts.push(segment.text);
  }

  #fail(error: SttError): void {
    this.#alive = false;
    const pending = this.#pending;
    this.#pending = undefined;
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.reject(error);
  }
}
