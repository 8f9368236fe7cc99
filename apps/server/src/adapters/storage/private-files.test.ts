import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePrivateDatabase } from './private-files.js';

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

  it('tightens an existing world-readable install', () => {
    const file = join(root, 'old.db');
    writeFileSync(file, '');
    writeFileSync(`${file}-wal`, '');
    chmodSync(file, 0o644);
    chmodSync(`${file}-wal`, 0o666);
    chmodSync(root, 0o755);
    ensurePrivateDatabase(file);
    expect([mode(root), mode(file), mode(`${file}-wal`)]).toEqual([0o700, 0o600, 0o600]);
  });
});
