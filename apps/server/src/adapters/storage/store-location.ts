import { existsSync } from 'node:fs';
import { UsageError } from '../../cli/command.js';
import { EnvSchema } from '../../env.js';
import { createRecordingVault, type RecordingVault } from '../recordings/recording-vault.js';
import { isPostgresUrl } from './open-compliance-db.js';
import type { SqlComplianceStore } from './sql-compliance-store.js';
import { defaultRecordingsDir, openComplianceStore } from './sqlite-store.js';

/**
 * Where the staff commands (dsar, hold, audit) find the data: `--db` wins, then
 * SWITCHBOARD_DB (parsed with the server's own env schema), then `.data/switchboard.db`.
 * Recordings live in `--recordings`, else "recordings/" beside the database file.
 */
export function storeLocation(dbOption: string | undefined, env: Record<string, string | undefined>): string {
  return dbOption ?? EnvSchema.shape.SWITCHBOARD_DB.parse(env.SWITCHBOARD_DB);
}

export interface OpenedStore {
  store: SqlComplianceStore;
  vault: RecordingVault;
}

/**
 * Staff commands never create a database: a mistyped --db must not report "nothing held" or an
 * intact empty audit log. Throws UsageError (exit 2) when the SQLite file does not exist.
 */
export async function openStoreAndVault(
  location: string,
  recordingsDir?: string,
  env: Record<string, string | undefined> = process.env,
): Promise<OpenedStore> {
  if (!isPostgresUrl(location) && !existsSync(location)) throw new UsageError(`no database at ${location} (see --db / SWITCHBOARD_DB)`);
  // PostgreSQL keeps the audit head and recordings in SWITCHBOARD_DATA_DIR, as the server does.
  const dataDir = EnvSchema.shape.SWITCHBOARD_DATA_DIR.parse(env.SWITCHBOARD_DATA_DIR);
  const store = await openComplianceStore(location, { dataDir });
  const vault = createRecordingVault({ dir: recordingsDir ?? defaultRecordingsDir(location, dataDir), keys: store });
  return { store, vault };
}

/** E.164 as stored by the runtime: "+" and up to 15 digits. */
export const E164 = /^\+[1-9]\d{1,14}$/;
