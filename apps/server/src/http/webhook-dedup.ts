import type Database from 'better-sqlite3';

/**
 * Remembers webhook event ids durably, so a delivery repeated by the sender (LiveKit and the
 * carriers all retry) — even across a restart — has one effect.
 */
export interface WebhookDedup {
  /** True the first time this (source, id) is seen. */
  firstTime(source: string, id: string): boolean;
}

export function createSqliteWebhookDedup(db: Database.Database): WebhookDedup {
  db.exec('CREATE TABLE IF NOT EXISTS webhook_seen (source TEXT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (source, event_id))');
  const insert = db.prepare('INSERT OR IGNORE INTO webhook_seen (source, event_id) VALUES (?, ?)');
  return { firstTime: (source, id) => insert.run(source, id).changes === 1 };
}
