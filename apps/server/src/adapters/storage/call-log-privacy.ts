import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { isPostgresUrl } from './open-compliance-db.js';

/**
 * The privacy side of the call-log database (`<db>-calls.db`: call_events, call_annotations,
 * call_outbox, auth_tokens, webhook_seen), reached by SQL from the staff commands rather than
 * through the call-log writer: a data-subject request must find and remove every copy of a
 * caller's number and words, whichever door the call came through.
 *
 * Erasure deletes the call's rows (events, annotations, outbox, resume tokens) and the stored
 * webhook answers tied to it; the digest a replayed webhook is recognised by stays (it reveals
 * nothing, and keeps a replay from re-running an erased call). Deleted bytes do not linger:
 * secure_delete zeroes them, then VACUUM rewrites the file and the WAL is truncated.
 */
export function callLogPath(complianceLocation: string, dataDir: string): string {
  // The same rule as the server's (http/start-server.ts): beside the SQLite file, or in the data folder for PostgreSQL.
  return isPostgresUrl(complianceLocation)
    ? resolve(join(dataDir, 'switchboard-calls.db'))
    : resolve(complianceLocation.replace(/(\.db|\.sqlite3?)?$/, '-calls$1'));
}

export interface CallLogExport {
  events: { callId: string; seq: number; body: unknown }[];
  annotations: { callId: string; key: string; value: string }[];
  outbox: { callId: string; seq: number; body: unknown }[];
}

export interface CallLogErasure {
  callEvents: number;
  annotations: number;
  outbox: number;
  resumeTokens: number;
  webhookAnswers: number;
  /** False when a running server kept the WAL busy: the deleted bytes are zeroed but the WAL is truncated at its next checkpoint. */
  walTruncated: boolean;
}

export interface CallLogPrivacy {
  /** Calls whose connect event names this caller (E.164, or `web:<callId>` for a web visitor). */
  callsForCaller(caller: string): string[];
  /** The visitor's resume token for this call, as issued (expired or not: it proves the visitor holds it). */
  holdsResumeToken(callId: string, token: string): boolean;
  exportCalls(callIds: readonly string[]): CallLogExport;
  eraseCalls(callIds: readonly string[]): CallLogErasure;
  close(): void;
}

const TABLES = ['call_events', 'call_annotations', 'call_outbox', 'auth_tokens', 'webhook_seen'] as const;
type Table = (typeof TABLES)[number];

/** Opens an existing call log; undefined when there is none (no call has been taken yet). */
export function openCallLogPrivacy(path: string): CallLogPrivacy | undefined {
  if (!existsSync(path)) return undefined;
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('secure_delete = ON');
  const present = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
  );
  const has = (table: Table) => present.has(table);
  const inList = (ids: readonly string[]) => `(${ids.map(() => '?').join(', ')})`;
  const rows = <T>(table: Table, sql: string, ids: readonly string[]): T[] =>
    has(table) && ids.length > 0 ? (db.prepare(sql.replace('(?)', inList(ids))).all(...ids) as T[]) : [];
  const run = (table: Table, sql: string, ids: readonly string[]): number =>
    has(table) && ids.length > 0 ? db.prepare(sql.replace('(?)', inList(ids))).run(...ids).changes : 0;

  return {
    callsForCaller(caller) {
      if (!has('call_events')) return [];
      return (
        db
          .prepare(
            "SELECT DISTINCT call_id FROM call_events WHERE type = 'call.connected' AND json_extract(body, '$.caller') = ? ORDER BY call_id",
          )
          .all(caller) as { call_id: string }[]
      ).map((r) => r.call_id);
    },
    holdsResumeToken(callId, token) {
      if (!has('auth_tokens') || token.length === 0 || token.length > 200) return false;
      const hash = createHash('sha256').update(token).digest('hex');
      return db.prepare("SELECT 1 FROM auth_tokens WHERE token_hash = ? AND kind = 'call' AND subject = ?").get(hash, callId) !== undefined;
    },
    exportCalls(callIds) {
      return {
        events: rows<{ call_id: string; seq: number; body: string }>(
          'call_events',
          'SELECT call_id, seq, body FROM call_events WHERE call_id IN (?) ORDER BY call_id, seq',
          callIds,
        ).map((r) => ({ callId: r.call_id, seq: r.seq, body: JSON.parse(r.body) as unknown })),
        annotations: rows<{ call_id: string; key: string; value: string }>(
          'call_annotations',
          'SELECT call_id, key, value FROM call_annotations WHERE call_id IN (?) ORDER BY call_id, key',
          callIds,
        ).map((r) => ({ callId: r.call_id, key: r.key, value: r.value })),
        outbox: rows<{ call_id: string; seq: number; body: string }>(
          'call_outbox',
          'SELECT call_id, seq, body FROM call_outbox WHERE call_id IN (?) ORDER BY call_id, seq',
          callIds,
        ).map((r) => ({ callId: r.call_id, seq: r.seq, body: JSON.parse(r.body) as unknown })),
      };
    },
    eraseCalls(callIds) {
      const counts = db.transaction(() => ({
        callEvents: run('call_events', 'DELETE FROM call_events WHERE call_id IN (?)', callIds),
        annotations: run('call_annotations', 'DELETE FROM call_annotations WHERE call_id IN (?)', callIds),
        outbox: run('call_outbox', 'DELETE FROM call_outbox WHERE call_id IN (?)', callIds),
        resumeTokens: run('auth_tokens', "DELETE FROM auth_tokens WHERE kind = 'call' AND subject IN (?)", callIds),
        webhookAnswers:
          has('webhook_seen') &&
          db
            .prepare('PRAGMA table_info(webhook_seen)')
            .all()
            .some((c) => (c as { name: string }).name === 'call_id')
            ? run(
                'webhook_seen',
                'UPDATE webhook_seen SET call_id = NULL, status = NULL, content_type = NULL, response = NULL WHERE call_id IN (?)',
                callIds,
              )
            : 0,
      }))();
      return { ...counts, walTruncated: compact(db) };
    },
    close: () => db.close(),
  };
}

/**
 * Rewrites the file without free pages, then folds and truncates the WAL: no copy of a deleted
 * row stays in the database file, its free list or an old WAL frame. Returns false when a reader
 * (the running server) kept the checkpoint from finishing.
 */
export function compact(db: Database.Database): boolean {
  db.exec('VACUUM');
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return (result?.busy ?? 0) === 0;
}
