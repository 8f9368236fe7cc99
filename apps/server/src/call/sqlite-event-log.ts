import { type EngineEvent, EngineEventSchema } from '@switchboard/protocol';
import type Database from 'better-sqlite3';
import type { EventLog } from './event-log.js';

/**
 * EventLog on SQLite (better-sqlite3). This module owns the `call_events` and `call_annotations` tables only; consent
 * and audit tables belong to the storage adapter. Rows are parsed back through
 * EngineEventSchema so a corrupted row fails loudly instead of replaying into a wrong state.
 *
 * Durability: in WAL mode every committed insert survives kill -9 of the process (the runtime
 * relies on that: it appends before stepping). Surviving power loss too needs synchronous=FULL,
 * an fsync per insert; the opener chooses (start-server.ts, SWITCHBOARD_CALL_LOG_SYNC).
 */
export function createSqliteEventLog(db: Database.Database): EventLog {
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS call_events (
    call_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (call_id, seq),
    UNIQUE (call_id, event_id)
  );
  CREATE TABLE IF NOT EXISTS call_annotations (
    call_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (call_id, key)
  )`);
  // seq is computed inside the statement so concurrent writers on one file cannot interleave;
  // ON CONFLICT on the event id makes a repeated delivery a no-op (changes = 0).
  const insert = db.prepare<
    [{ callId: string; eventId: string; type: string; atMs: number; body: string }]
  >(`INSERT INTO call_events (call_id, seq, event_id, type, at_ms, body)
    VALUES (@callId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM call_events WHERE call_id = @callId), @eventId, @type, @atMs, @body)
    ON CONFLICT (call_id, event_id) DO NOTHING`);
  const select = db.prepare<[string], { body: string }>('SELECT body FROM call_events WHERE call_id = ? ORDER BY seq');
  const upsert = db.prepare<[string, string, string]>(
    'INSERT INTO call_annotations (call_id, key, value) VALUES (?, ?, ?) ON CONFLICT (call_id, key) DO UPDATE SET value = excluded.value',
  );
  const notes = db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM call_annotations WHERE call_id = ?');
  return {
    async append(callId, event) {
      const info = insert.run({ callId, eventId: event.id, type: event.type, atMs: event.atMs, body: JSON.stringify(event) });
      return info.changes === 1;
    },
    async read(callId): Promise<EngineEvent[]> {
      return select.all(callId).map((row) => EngineEventSchema.parse(JSON.parse(row.body)));
    },
    async annotate(callId, key, value) {
      upsert.run(callId, key, value);
    },
    async annotations(callId) {
      return Object.fromEntries(notes.all(callId).map((row) => [row.key, row.value]));
    },
  };
}
