import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { migrateToLatest } from './migrations.js';
import { ensurePrivateDatabase, PRIVATE_DIR_MODE } from './private-files.js';
import type { ComplianceDatabase } from './schema.js';

/**
 * Opens (and migrates) the compliance database: a SQLite file path (the embedded default) or a
 * postgres:// URL through kysely's PostgresDialect — only when the optional `pg` package is
 * installed; it is not a dependency.
 *
 * Durability (issue 4: consent and audit durable before the recording starts): SQLite runs in
 * WAL mode with synchronous=FULL, so every committed transaction is fsynced to the WAL before
 * the awaited write resolves — a kill -9 or power cut right after loses nothing committed. We
 * chose FULL for the whole connection rather than per table: the extra fsync per commit is small
 * next to a call's lifetime, and one setting is harder to get wrong. PostgreSQL's defaults
 * (synchronous_commit=on) give the same guarantee.
 *
 * `withWriteLock` serialises writers that read-then-write (the audit chain's head): BEGIN
 * IMMEDIATE on SQLite (other processes wait on busy_timeout), a transaction-scoped advisory
 * lock on PostgreSQL, so two workers can never fork the chain.
 */
export type Tx = Kysely<ComplianceDatabase>;

export interface ComplianceDb {
  readonly kind: 'sqlite' | 'postgres';
  readonly db: Kysely<ComplianceDatabase>;
  /** File where the audit chain's head is published, outside the database. */
  readonly headPath: string;
  withWriteLock<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Where to publish the audit head (default: "<sqlite file>.audit-head.json", or "<dataDir>/audit-head.json" for PostgreSQL). */
  headPath?: string;
  /** SWITCHBOARD_DATA_DIR: where a PostgreSQL deployment keeps its files on disk (default ".data"). */
  dataDir?: string;
}

const AUDIT_LOCK_KEY = 4_242_001;

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

export async function openComplianceDb(location: string, opts: OpenOptions = {}): Promise<ComplianceDb> {
  if (isPostgresUrl(location)) return openPostgres(location, opts);
  return openSqlite(location, opts);
}

async function openSqlite(path: string, opts: OpenOptions): Promise<ComplianceDb> {
  const file = resolve(path);
  ensurePrivateDatabase(file);
  const database = new Database(file, { timeout: 10_000 });
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  // Erasure (DSAR, retention) overwrites deleted rows with zeros instead of leaving them in free pages.
  database.pragma('secure_delete = ON');
  const db = new Kysely<ComplianceDatabase>({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db as unknown as Kysely<unknown>);
  return {
    kind: 'sqlite',
    db,
    headPath: opts.headPath ?? `${file}.audit-head.json`,
    withWriteLock: (fn) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          await sql`rollback`.execute(conn);
          throw error;
        }
      }),
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, opts: OpenOptions): Promise<ComplianceDb> {
  // A variable specifier keeps `pg` optional: no type or install needed unless it is used.
  const pgName = 'pg';
  type Pool = { on(event: 'error', listener: (error: Error) => void): void };
  let pg: { Pool: new (config: { connectionString: string }) => Pool };
  try {
    const mod = (await import(pgName)) as { default?: typeof pg } & typeof pg;
    pg = mod.default ?? mod;
  } catch {
    throw new Error('SWITCHBOARD_DB is a postgres:// URL but the "pg" package is not installed (npm install pg -w @switchboard/server)');
  }
  const pool = new pg.Pool({ connectionString: url });
  // node-postgres emits 'error' on the pool when an idle connection dies (a server restart or
  // shutdown: 57P01). Unhandled, that event kills the process; the next query reconnects anyway.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL idle connection lost: ${error.message}`));
  const dialect = new PostgresDialect({ pool: pool as never }) as Dialect;
  const db = new Kysely<ComplianceDatabase>({ dialect });
  await migrateToLatest(db as unknown as Kysely<unknown>);
  // The head file lives in the data directory, created here: a fresh working directory must not
  // make every audited write (consent first of all) fail on a missing folder.
  const headPath = resolve(opts.headPath ?? join(opts.dataDir ?? '.data', 'audit-head.json'));
  mkdirSync(dirname(headPath), { recursive: true, mode: PRIVATE_DIR_MODE });
  return {
    kind: 'postgres',
    db,
    headPath,
    withWriteLock: (fn) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
        return fn(trx);
      }),
    close: () => db.destroy(),
  };
}
