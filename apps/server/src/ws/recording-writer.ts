import { existsSync } from 'node:fs';
import { int16ToBytesLE } from '@switchboard/audio';
import type { RecordingVault, RecordingWriter } from '../adapters/recordings/recording-vault.js';

/** Where a call's consented audio goes. */
export interface RecordingSink {
  /** Appends caller audio to the recording; only called while the recording is active. */
  write(recordingId: string, frame: Int16Array): void;
  /** Closes the recording's file (stopped, call ended or process shutdown). */
  close(recordingId: string): Promise<void>;
}

/**
 * Consented audio into the compliance engineer's encrypted vault (apps/server/src/adapters/recordings).
 * The vault creates a file once ('wx'); after a restart the call goes on in a continuation part
 * `<id>_r<n>`, read back in order by `readRecordingParts`.
 */
export function createVaultRecordingSink(vault: RecordingVault): RecordingSink {
  const writers = new Map<string, Promise<RecordingWriter>>();
  const open = async (recordingId: string): Promise<RecordingWriter> => {
    for (let part = 0; part < 100; part++) {
      const id = part === 0 ? recordingId : `${recordingId}_r${part}`;
      // Check first: vault.create stores a fresh key before it opens the file, which would
      // make an existing part unreadable.
      if (!existsSync(vault.pathFor(id))) return vault.create(id);
    }
    throw new Error(`recording ${recordingId}: too many continuation parts`);
  };
  return {
    write(recordingId, frame) {
      let writer = writers.get(recordingId);
      if (!writer) {
        writer = open(recordingId);
        writers.set(recordingId, writer);
      }
      void writer.then((w) => w.append(int16ToBytesLE(frame)));
    },
    async close(recordingId) {
      const writer = writers.get(recordingId);
      writers.delete(recordingId);
      if (writer) await (await writer).close();
    },
  };
}

/** PCM of a recording and its continuation parts, in order. */
export async function readRecordingParts(vault: RecordingVault, recordingId: string): Promise<{ audio: Buffer; complete: boolean }> {
  const first = await vault.read(recordingId);
  const parts = [first.audio];
  let complete = first.complete;
  for (let part = 1; part < 100; part++) {
    const next = await vault.read(`${recordingId}_r${part}`).catch(() => undefined);
    if (!next) break;
    parts.push(next.audio);
    complete = next.complete;
  }
  return { audio: Buffer.concat(parts), complete };
}
