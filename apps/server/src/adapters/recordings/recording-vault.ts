import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../storage/private-files.js';

/**
 * Recording audio on disk, encrypted at rest with a key per recording (shared/DESIGN.md
 * "Erasure that reaches copies"): erasure destroys the key first, so every copy of the file —
 * backups included — becomes unreadable, then removes the file.
 *
 * Format (".sbrec"): a sequence of sealed chunks, each
 *   [u32 BE ciphertext length][12-byte IV][ciphertext][16-byte GCM tag]
 * AES-256-GCM, a fresh random IV per chunk, additional data "<recordingId>:<index>" so chunks
 * cannot be reordered or moved between recordings; `close()` seals an empty final chunk
 * ("<recordingId>:<index>:end") so a truncated file is detected (`complete: false`).
 * Chunks are written as they arrive (a crash keeps what was written) and fsynced on close.
 *
 * Keys live in a RecordingKeyStore (the compliance DB's `recording_keys` table). Keep that store
 * out of the media backups — in production, a KMS — or erasure does not reach the copies.
 *
 *   const vault = createRecordingVault({ dir: '.data/recordings', keys: store });
 *   const w = await vault.create(recordingId); w.append(pcm); await w.close();
 *   const { audio, complete } = await vault.read(recordingId);
 *   await vault.destroy(recordingId);
 */
export interface RecordingKeyStore {
  putKey(recordingId: string, key: Uint8Array): Promise<void>;
  getKey(recordingId: string): Promise<Uint8Array | undefined>;
  deleteKey(recordingId: string): Promise<void>;
}

export interface RecordingWriter {
  readonly path: string;
  append(chunk: Uint8Array): void;
  close(): Promise<void>;
}

export interface RecordingVault {
  pathFor(recordingId: string): string;
  create(recordingId: string): Promise<RecordingWriter>;
  read(recordingId: string): Promise<{ audio: Buffer; complete: boolean }>;
  /** Crypto-shreds: key gone first, then the file, for the recording and its "<id>_r<n>" parts. Idempotent. */
  destroy(recordingId: string): Promise<void>;
}

export class RecordingUnreadable extends Error {
  readonly code = 'recording-unreadable';
  readonly retryable = false;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function seal(key: Uint8Array, aad: string, plain: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, iv, body, cipher.getAuthTag()]);
}

/** Continuation parts present in the directory, in order. */
function partsIn(dir: string, recordingId: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const re = new RegExp(`^${recordingId}_r(\\d+)\\.sbrec$`);
  return names
    .map((n) => re.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => `${recordingId}_r${m[1]}`);
}

export function createRecordingVault(opts: { dir: string; keys: RecordingKeyStore }): RecordingVault {
  const dir = resolve(opts.dir);
  const pathFor = (recordingId: string) => {
    // Ids reach here from staff commands too: never let one escape the directory.
    if (!SAFE_ID.test(recordingId)) throw new Error(`not a recording id: ${JSON.stringify(recordingId)}`);
    return join(dir, `${recordingId}.sbrec`);
  };

  const continuationIds = (recordingId: string) => {
    pathFor(recordingId); // validates before the id reaches a RegExp
    return partsIn(dir, recordingId);
  };

  return {
    pathFor,
    async create(recordingId) {
      const path = pathFor(recordingId);
      ensurePrivateDir(dir);
      // File first ('wx' fails with EEXIST, which callers use to start a continuation part),
      // then its key; a key is never stored for a file that could not be created.
      const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
      const key = new Uint8Array(randomBytes(32));
      try {
        await opts.keys.putKey(recordingId, key);
      } catch (error) {
        closeSync(fd);
        rmSync(path, { force: true });
        throw error;
      }
      let index = 0;
      let closed = false;
      return {
        path,
        append(chunk) {
          if (closed) throw new Error(`recording ${recordingId} is closed`);
          if (chunk.length === 0) return;
          writeSync(fd, seal(key, `${recordingId}:${index}`, chunk));
          index += 1;
        },
        async close() {
          if (closed) return;
          closed = true;
          writeSync(fd, seal(key, `${recordingId}:${index}:end`, new Uint8Array(0)));
          fsyncSync(fd);
          closeSync(fd);
        },
      };
    },
    async read(recordingId) {
      const path = pathFor(recordingId);
      const key = await opts.keys.getKey(recordingId);
      if (!key) throw new RecordingUnreadable(`recording ${recordingId}: no key (erased or never stored)`);
      const file = readFileSync(path);
      const parts: Buffer[] = [];
      let offset = 0;
      let index = 0;
      let complete = false;
      while (offset + 4 + IV_BYTES + TAG_BYTES <= file.length) {
        const len = file.readUInt32BE(offset);
        const end = offset + 4 + IV_BYTES + len + TAG_BYTES;
        if (end > file.length) break; // torn last write
        const iv = file.subarray(offset + 4, offset + 4 + IV_BYTES);
        const body = file.subarray(offset + 4 + IV_BYTES, end - TAG_BYTES);
        const tag = file.subarray(end - TAG_BYTES, end);
        const open = (aad: string) => {
          const d = createDecipheriv('aes-256-gcm', key, iv);
          d.setAAD(Buffer.from(aad));
          d.setAuthTag(tag);
          return Buffer.concat([d.update(body), d.final()]);
        };
        if (len === 0) {
          try {
            open(`${recordingId}:${index}:end`);
            complete = true;
            break;
          } catch {
            // an empty data chunk is never written, so this is tampering
            throw new RecordingUnreadable(`recording ${recordingId}: chunk ${index} fails authentication`);
          }
        }
        try {
          parts.push(open(`${recordingId}:${index}`));
        } catch {
          throw new RecordingUnreadable(`recording ${recordingId}: chunk ${index} fails authentication`);
        }
        index += 1;
        offset = end;
      }
      return { audio: Buffer.concat(parts), complete };
    },
    async destroy(recordingId) {
      // The recording and its continuation parts ("<id>_r<n>", written after a restart: see
      // apps/server/src/ws/recording-writer.ts): erasure must reach every part.
      for (const id of [recordingId, ...continuationIds(recordingId)]) {
        const path = pathFor(id);
        await opts.keys.deleteKey(id); // key first: crypto-shreds every copy of the file
        rmSync(path, { force: true });
      }
    },
  };
}
