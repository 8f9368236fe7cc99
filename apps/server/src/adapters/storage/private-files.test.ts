import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePrivateDatabase, ensurePrivateDir } from './private-files.js';

const root = mkdtempSync(join(tmpdir(), 'sb-private-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('ensurePrivateDatabase', () => {
  it('creates the folder 0700 and the database 0600, and SQLite gives its WAL and SHM the same mode', () => {
    const dir = join(root, 'fresh', 'data');
    const file = join(dir, 'calls.db');
    ensurePrivateDatabase(file);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    expect(mode(dir)).toBe(0o700);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(mode(path), path).toBe(0o600);
    db.close();
  });

  it('tightens an existing world-readable database, but leaves a folder it did not create (it may be shared, like /tmp)', () => {
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o755);
    const file = join(shared, 'old.db');
    writeFileSync(file, '');
    writeFileSync(`${file}-wal`, '');
    chmodSync(file, 0o644);
    chmodSync(`${file}-wal`, 0o666);
    ensurePrivateDatabase(file);
    expect([mode(shared), mode(file), mode(`${file}-wal`)]).toEqual([0o755, 0o600, 0o600]);
  });

  it('makes the recordings folder, which is ours alone, 0700 even when it exists', () => {
    const dir = join(root, 'recordings');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    ensurePrivateDir(dir);
    expect(mode(dir)).toBe(0o700);
  });
});
