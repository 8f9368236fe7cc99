import { join } from 'node:path';
import { BulkheadRejectedError, bulkhead } from 'cockatiel';
import { PocketsphinxProcess } from './pocketsphinx-process.js';
import { SttError } from './stt.js';

export interface PocketsphinxPoolOptions {
  binary: string;
  decoderArgs: readonly string[];
  /** Where the recognisers' named pipes are made (the model folder). */
  dir: string;
  /** Processes kept loaded, each decoding one utterance at a time. */
  size: number;
  /** Utterances that may wait for a free process before one is refused. */
  queue: number;
  timeoutMs: number;
}

/**
 * A bounded set of long-lived recognisers for one model: at most `size` utterances decode at
 * once (a cockatiel bulkhead, like espeak-tts.ts), each on an idle process; a process that died
 * or timed out is dropped and another is started for the next utterance.
 */
export function createPocketsphinxPool(options: PocketsphinxPoolOptions) {
  if (!(Number.isInteger(options.size) && options.size >= 1))
    throw new Error(`pocketsphinx recognisers must be a whole number >= 1, got ${options.size}`);
  if (!(Number.isInteger(options.queue) && options.queue >= 0))
    throw new Error(`pocketsphinx queue must be a whole number >= 0, got ${options.queue}`);
  const limit = bulkhead(options.size, options.queue);
  const idle: PocketsphinxProcess[] = [];
  const all = new Set<PocketsphinxProcess>();
  let closed = false;

  let started = 0;
  const take = async (): Promise<PocketsphinxProcess> => {
    for (let recogniser = idle.pop(); recogniser; recogniser = idle.pop()) {
      if (recogniser.alive) return recogniser;
      all.delete(recogniser);
    }
    const recogniser = await PocketsphinxProcess.start(options.binary, options.decoderArgs, join(options.dir, `stream-${started++}.pcm`));
    all.add(recogniser);
    return recogniser;
  };

  return {
    async decode(audio: Int16Array): Promise<string> {
      try {
        return await limit.execute(async () => {
          if (closed) throw new SttError('stt-unavailable', 'pocketsphinx recognisers are closed', false);
          const recogniser = await take();
          try {
            return await recogniser.decode(audio, options.timeoutMs);
          } finally {
            if (recogniser.alive && !closed) idle.push(recogniser);
            else all.delete(recogniser);
          }
        });
      } catch (error) {
        if (error instanceof BulkheadRejectedError)
          throw new SttError('stt-unavailable', `speech recognition is busy: ${options.size} decoding, ${options.queue} waiting`, true);
        throw error;
      }
    },
    /** Process ids of the recognisers currently started (for tests and diagnostics). */
    pids(): number[] {
      return [...all].flatMap((r) => (r.alive && r.pid !== undefined ? [r.pid] : []));
    },
    /** Ends every process and waits for them to exit. */
    async close(): Promise<void> {
      closed = true;
      const running = [...all];
      all.clear();
      idle.length = 0;
      await Promise.all(running.map((r) => r.close()));
    },
  };
}

export type PocketsphinxPool = ReturnType<typeof createPocketsphinxPool>;
