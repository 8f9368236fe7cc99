import { dirname, join, resolve } from 'node:path';
import { isPostgresUrl, type OpenOptions, openComplianceDb } from './open-compliance-db.js';
import { SqlComplianceStore } from './sql-compliance-store.js';

/**
 * Entry points for the compliance store.
 *
 *   const store = await openSqliteStore('.data/switchboard.db');   // ComplianceStore + staff ops
 *   const store = await openComplianceStore(env.SWITCHBOARD_DB);     // file path or postgres:// URL
 *   …
 *   await store.close();
 *
 * `now` is injectable for tests and the simulator (audit times, hold times, erasure times).
 */
export interface StoreOptions extends OpenOptions {
  now?: () => Date;
}

export async function openSqliteStore(path: string, opts: StoreOptions = {}): Promise<SqlComplianceStore> {
  if (isPostgresUrl(path)) throw new Error('openSqliteStore takes a file path; use openComplianceStore for a postgres:// URL');
  return new SqlComplianceStore(await openComplianceDb(path, opts), opts.now);
}

export async function openComplianceStore(location: string, opts: StoreOptions = {}): Promise<SqlComplianceStore> {
  return new SqlComplianceStore(await openComplianceDb(location, opts), opts.now);
}

/** Default directory of encrypted recordings: "recordings/" beside the SQLite file, or in the data directory for PostgreSQL. */
export function defaultRecordingsDir(location: string, dataDir = '.data'): string {
  return isPostgresUrl(location) ? resolve(dataDir, 'recordings') : join(dirname(resolve(location)), 'recordings');
}
