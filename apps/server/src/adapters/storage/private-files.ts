import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Data files hold personal data (the call log, recording keys, recordings, the audit head):
 * owner-only, whatever the process umask. Folders are 0700 and files 0600. SQLite creates its
 * -wal and -shm files with the permissions of the database file, so creating the database file
 * 0600 before SQLite opens it covers all three. Existing data files are tightened too, so an
 * older install does not stay world-readable. A database's existing folder is left as it is: it
 * may be shared (SWITCHBOARD_DB=/tmp/x.db must not close /tmp to everyone else); folders we
 * create, and the recordings folder, which is ours alone, are 0700.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** A folder of our own (recordings): created 0700 with any missing parents, or tightened to 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((statSync(dir).mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates the file empty (0600) when missing, or tightens an existing one; missing folders are created 0700. */
export function ensurePrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  if ((statSync(path).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(path, PRIVATE_FILE_MODE);
}

/** A SQLite database and its -wal/-shm companions, whichever of them exist, made owner-only. */
export function ensurePrivateDatabase(path: string): void {
  ensurePrivateFile(path);
  for (const suffix of ['-wal', '-shm', '-journal']) {
    try {
      chmodSync(`${path}${suffix}`, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
