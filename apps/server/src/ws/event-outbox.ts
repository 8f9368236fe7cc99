import type { CallEvent } from '@switchboard/protocol';
import type Database from 'better-sqlite3';

/**
 * The events a call has sent to its visitor, numbered by `seq` and kept durably, so a browser
 * that reconnects — to this process or to one restarted after kill -9 — asks for what it
 * missed (`hello.lastSeq`) and gets exactly the same numbering. The call's state itself comes
 * from the runtime's event log; this is only the outgoing side.
 */
export interface EventOutbox {
  append(callId: string, event: CallEvent): number;
  since(callId: string, lastSeq: number): { seq: number; event: CallEvent }[];
}

export function createSqliteOutbox(db: Database.Database): EventOutbox {
  db.exec(`CREATE TABLE IF NOT EXISTS call_outbox (
    call_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (call_id, seq)
  )`);
  const insert = db.prepare<[string, string, string], { seq: number }>(
    'INSERT INTO call_outbox (call_id, seq, body) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM call_outbox WHERE call_id = ?), ?) RETURNING seq',
  );
  const select = db.prepare<[string, number], { seq: number; body: string }>('SELECT seq, body FROM call_outbox WHERE call_id = ? AND seq > ? ORDER BY seq');
  return {
    append(callId, event) {
      return (insert.get(callId, callId, JSON.stringify(event)) as { seq: number }).seq;
    },
    since(callId, lastSeq) {
      return select.all(callId, lastSeq).map((r) => ({ seq: r.seq, event: JSON.parse(r.body) as CallEvent }));
    },
  };
}
