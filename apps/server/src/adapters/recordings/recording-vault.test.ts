import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test/support/temp-store.js';
import type { SqlComplianceStore } from '../storage/sql-compliance-store.js';
import { openSqliteStore } from '../storage/sqlite-store.js';
import { createRecordingVault, RecordingUnreadable, type RecordingVault } from './recording-vault.js';

describe('encrypted recording vault (real files, keys in the real SQLite store)', () => {
  let tmp: ReturnType<typeof tempDataDir>;
  let store: SqlComplianceStore;
  let vault: RecordingVault;
  const speech = Buffer.from('RIFF....WAVEfmt the caller said hello hello hello'.repeat(50));

  beforeEach(async () => {
    tmp = tempDataDir();
    store = await openSqliteStore(tmp.dbPath);
    vault = createRecordingVault({ dir: tmp.recordingsDir, keys: store });
  });
  afterEach(async () => {
    await store.close();
    tmp.cleanup();
  });

  async function write(id: string, chunks: Buffer[]) {
    const w = await vault.create(id);
    for (const c of chunks) w.append(c);
    await w.close();
    return w.path;
  }

  it('round-trips audio chunk by chunk, and the file holds no plaintext', async () => {
    const path = await write('rec_a', [speech.subarray(0, 100), speech.subarray(100)]);
    expect(await vault.read('rec_a')).toEqual({ audio: speech, complete: true });
    const file = readFileSync(path);
    expect(file.includes(Buffer.from('hello hello'))).toBe(false);
    expect(file.length).toBeGreaterThan(speech.length);
  });

  it('each recording has its own key', async () => {
    await write('rec_a', [speech]);
    await write('rec_b', [speech]);
    expect(Buffer.from((await store.getKey('rec_a')) ?? [])).not.toEqual(Buffer.from((await store.getKey('rec_b')) ?? []));
  });

  it('destroy shreds the key: a backup copy of the file is unreadable', async () => {
    const path = await write('rec_a', [speech]);
    const backup = readFileSync(path);
    await vault.destroy('rec_a');
    writeFileSync(path, backup); // the copy comes back from a backup
    await expect(vault.read('rec_a')).rejects.toBeInstanceOf(RecordingUnreadable);
  });

  it('detects a flipped byte and a truncated file', async () => {
    const path = await write('rec_a', [speech.subarray(0, 500), speech.subarray(500)]);
    const good = readFileSync(path);
    const flipped = Buffer.from(good);
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    writeFileSync(path, flipped);
    await expect(vault.read('rec_a')).rejects.toThrow(/chunk 0 fails authentication/);
    writeFileSync(path, good.subarray(0, good.length - 40)); // last chunk and end marker lost
    const partial = await vault.read('rec_a');
    expect(partial.complete).toBe(false);
    expect(partial.audio).toEqual(speech.subarray(0, 500));
  });

  it('a second create of the same id fails with EEXIST and keeps the first key and audio', async () => {
    await write('rec_a', [speech]);
    const key = await store.getKey('rec_a');
    await expect(vault.create('rec_a')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await store.getKey('rec_a')).toEqual(key);
    expect((await vault.read('rec_a')).audio).toEqual(speech);
  });

  it('destroy reaches continuation parts written after a restart, and their keys', async () => {
    await write('rec_a', [speech.subarray(0, 10)]);
    const p1 = await write('rec_a_r1', [speech.subarray(10, 20)]);
    const p2 = await write('rec_a_r2', [speech.subarray(20)]);
    await write('rec_ab', [speech]); // a different recording whose id shares the prefix
    rmSync(p2); // a part whose file is already gone still has its key shredded
    await vault.destroy('rec_a');
    for (const id of ['rec_a', 'rec_a_r1', 'rec_a_r2']) expect(await store.getKey(id)).toBeUndefined();
    expect(existsSync(p1)).toBe(false);
    expect((await vault.read('rec_ab')).audio).toEqual(speech);
  });

  it('refuses ids that could escape the directory', async () => {
    await expect(vault.create('../../etc/passwd')).rejects.toThrow(/not a recording id/);
    expect(() => vault.pathFor('a/b')).toThrow();
  });
});
