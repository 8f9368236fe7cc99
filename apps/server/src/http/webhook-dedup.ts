import type Database from 'better-sqlite3';

/**
 * Remembers webhook event ids durably, so a delivery repeated by the sender (LiveKit and the
 * carriers all retry) — even across a restart — has one effect.
 */
export interface WebhookDedup {
  /** True the first time this (source, id) is seen within the retention window. */
  firstTime(source: string, id: string): boolean;
  /** Forgets ids first seen more than the retention window ago; returns how many it forgot. */
  prune(): number;
  /** The answer given the first time (source, id) was handled, while it is remembered. */
  recall(source: string, id: string): StoredWebhookAnswer | undefined;
  /**
   * Remembers a handled delivery and the answer given, so a repeat gets the same answer with no
   * second effect. `callId` ties the row to a call, so erasure can drop the stored answer.
   */
  remember(source: string, id: string, answer: StoredWebhookAnswer & { callId?: string | undefined }): void;
}

export interface StoredWebhookAnswer {
  status: number;
  contentType: string;
  body: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long an id is remembered. Senders retry for far less (shared/reference/pstn-contracts.md):
 * Telnyx retries a voice webhook within its `webhook_retries_policies` budget (retries_ms sum
 * ≤ 60 s) and ignores repeated `command_id`s for 60 s; Telnyx messaging makes up to 3 attempts per
 * URL; LiveKit "retries multiple times" from an in-memory queue whose events expire after 30 s
 * (livekit/protocol webhook notifier, MaxAge); the reference gives no Twilio/SignalWire window —
 * their connection-override retries (#rc) fit inside one request's timeout budget. A week covers
 * all of them with a wide margin, including a server that was down for a weekend.
 */
export const DEFAULT_RETENTION_MS = 7 * DAY_MS;
/** Pruning is a range delete on an index: once an hour keeps the table small at no real cost. */
export const DEFAULT_PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface WebhookDedupOptions {
  /** Milliseconds since the epoch; injected so tests can step past the window. */
  now?: () => number;
  retentionMs?: number;
  /** A write prunes when at least this long has passed since the last prune (the first write always does). */
  pruneEveryMs?: number;
}

/**
 * Creates the table or brings an older one up to date. Tables from before `seen_at` existed get
 * the column (ALTER TABLE ADD COLUMN needs a constant default) and their rows, of unknown age,
 * are stamped with the upgrade time so they are kept one full window rather than dropped at once.
 */
function migrate(db: Database.Database, nowMs: number): void {
  db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS webhook_seen (source TEXT NOT NULL, event_id TEXT NOT NULL, seen_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (source, event_id))',
    );
    const columns = db.prepare('PRAGMA table_info(webhook_seen)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'seen_at')) {
      db.exec('ALTER TABLE webhook_seen ADD COLUMN seen_at INTEGER NOT NULL DEFAULT 0');
      db.prepare('UPDATE webhook_seen SET seen_at = ?').run(nowMs);
    }
    // Issue 13: the answer given (a repeat gets it again) and the call it belongs to (erasure).
    for (const [name, type] of [
      ['call_id', 'TEXT'],
      ['status', 'INTEGER'],
      ['content_type', 'TEXT'],
      ['response', 'TEXT'],
    ] as const)
      if (!columns.some((c) => c.name === name)) db.exec(`ALTER TABLE webhook_seen ADD COLUMN ${name} ${type}`);
    db.exec('CREATE INDEX IF NOT EXISTS webhook_seen_by_time ON webhook_seen (seen_at)');
    db.exec('CREATE INDEX IF NOT EXISTS webhook_seen_by_call ON webhook_seen (call_id)');
  })();
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`webhook dedup: ${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}

export function createSqliteWebhookDedup(db: Database.Database, options: WebhookDedupOptions = {}): WebhookDedup {
  const now = options.now ?? Date.now;
  const retentionMs = positive('retentionMs', options.retentionMs ?? DEFAULT_RETENTION_MS);
  const pruneEveryMs = positive('pruneEveryMs', options.pruneEveryMs ?? DEFAULT_PRUNE_EVERY_MS);
  migrate(db, now());
  const insert = db.prepare('INSERT OR IGNORE INTO webhook_seen (source, event_id, seen_at) VALUES (?, ?, ?)');
  const deleteBefore = db.prepare('DELETE FROM webhook_seen WHERE seen_at < ?');
  const select = db.prepare<[string, string], { status: number | null; content_type: string | null; response: string | null }>(
    'SELECT status, content_type, response FROM webhook_seen WHERE source = ? AND event_id = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO webhook_seen (source, event_id, seen_at, call_id, status, content_type, response) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (source, event_id) DO UPDATE SET call_id = excluded.call_id, status = excluded.status, content_type = excluded.content_type, response = excluded.response`,
  );
  let lastPruneMs = Number.NEGATIVE_INFINITY;

  const prune = (): number => {
    const nowMs = now();
    lastPruneMs = nowMs;
    return deleteBefore.run(nowMs - retentionMs).changes;
  };

  return {
    firstTime(source, id) {
      if (now() - lastPruneMs >= pruneEveryMs) prune();
      return insert.run(source, id, now()).changes === 1;
    },
    prune,
    recall(source, id) {
      const row = select.get(source, id);
      if (!row) return undefined;
      // A row from firstTime (no answer kept), or one whose answer erasure removed: acknowledged, nothing repeated.
      return { status: row.status ?? 200, contentType: row.content_type ?? 'text/plain', body: row.response ?? '' };
    },
    remember(source, id, answer) {
      if (now() - lastPruneMs >= pruneEveryMs) prune();
      upsert.run(source, id, now(), answer.callId ?? null, answer.status, answer.contentType, answer.body);
    },
  };
}
