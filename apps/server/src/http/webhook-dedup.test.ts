import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteWebhookDedup, DEFAULT_PRUNE_EVERY_MS, DEFAULT_RETENTION_MS } from './webhook-dedup.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-dedup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const dbFile = () => join(dir, `dedup-${++files}.db`);

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const T0 = Date.UTC(2026, 10, 25, 12);

function fakeClock(startMs = T0) {
  const clock = { ms: startMs, now: () => clock.ms };
  return clock;
}

function rows(db: Database.Database) {
  return db.prepare('SELECT source, event_id, seen_at FROM webhook_seen ORDER BY event_id').all() as {
    source: string;
    event_id: string;
    seen_at: number;
  }[];
}

describe('createSqliteWebhookDedup', () => {
  it('keeps its default window a week: longer than any sender retries, pruned hourly', () => {
    expect(DEFAULT_RETENTION_MS).toBe(7 * DAY_MS);
    expect(DEFAULT_PRUNE_EVERY_MS).toBe(HOUR_MS);
  });

  it('rejects a repeat within the window, per source, and across a restart on the same file', () => {
    const file = dbFile();
    const clock = fakeClock();
    const db = new Database(file);
    const dedup = createSqliteWebhookDedup(db, { now: clock.now });
    expect(dedup.firstTime('livekit', 'EV_1')).toBe(true);
    expect(dedup.firstTime('twilio', 'EV_1')).toBe(true);
    clock.ms += DEFAULT_RETENTION_MS - 1;
    expect(dedup.firstTime('livekit', 'EV_1')).toBe(false);
    db.close();

    const reopened = new Database(file);
    const again = createSqliteWebhookDedup(reopened, { now: clock.now });
    expect(again.firstTime('livekit', 'EV_1')).toBe(false);
    expect(rows(reopened).map((r) => r.seen_at)).toEqual([T0, T0]);
    reopened.close();
  });

  it('forgets an id once the window has passed: the row is gone and the id counts as new', () => {
    const db = new Database(dbFile());
    const clock = fakeClock();
    const dedup = createSqliteWebhookDedup(db, { now: clock.now });
    dedup.firstTime('livekit', 'EV_old');
    clock.ms += 3 * DAY_MS;
    dedup.firstTime('livekit', 'EV_recent');
    clock.ms = T0 + DEFAULT_RETENTION_MS + 1;
    // A write more than an hour after the last prune prunes before it inserts.
    expect(dedup.firstTime('livekit', 'EV_new')).toBe(true);
    expect(rows(db).map((r) => r.event_id)).toEqual(['EV_new', 'EV_recent']);
    expect(dedup.firstTime('livekit', 'EV_old')).toBe(true);
    db.close();
  });

  it('prunes at most once an hour on write, and prune() can be called directly', () => {
    const db = new Database(dbFile());
    const clock = fakeClock();
    const dedup = createSqliteWebhookDedup(db, { now: clock.now, retentionMs: 10 * 60 * 1000 });
    dedup.firstTime('livekit', 'a'); // first write prunes (nothing yet)
    clock.ms += 30 * 60 * 1000; // past the 10-minute window, but within the hour
    dedup.firstTime('livekit', 'b');
    expect(rows(db).map((r) => r.event_id)).toEqual(['a', 'b']);
    expect(dedup.prune()).toBe(1);
    expect(rows(db).map((r) => r.event_id)).toEqual(['b']);
    clock.ms += HOUR_MS;
    dedup.firstTime('livekit', 'c'); // an hour after the explicit prune: 'b' is now stale
    expect(rows(db).map((r) => r.event_id)).toEqual(['c']);
    db.close();
  });

  it('migrates a database file created with the old table (no seen_at), keeping its ids one full window', () => {
    const file = dbFile();
    const old = new Database(file);
    old.exec('CREATE TABLE webhook_seen (source TEXT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (source, event_id))');
    old.prepare('INSERT INTO webhook_seen (source, event_id) VALUES (?, ?)').run('livekit', 'EV_before_upgrade');
    old.close();

    const db = new Database(file);
    const clock = fakeClock();
    const dedup = createSqliteWebhookDedup(db, { now: clock.now });
    const columns = (db.prepare('PRAGMA table_info(webhook_seen)').all() as { name: string; notnull: number }[]).map((c) => [
      c.name,
      c.notnull,
    ]);
    expect(columns).toEqual([
      ['source', 1],
      ['event_id', 1],
      ['seen_at', 1],
      ['call_id', 0],
      ['status', 0],
      ['content_type', 0],
      ['response', 0],
    ]);
    expect(rows(db)).toEqual([{ source: 'livekit', event_id: 'EV_before_upgrade', seen_at: T0 }]);
    expect(dedup.firstTime('livekit', 'EV_before_upgrade')).toBe(false);
    clock.ms += DEFAULT_RETENTION_MS + 1;
    dedup.prune();
    expect(dedup.firstTime('livekit', 'EV_before_upgrade')).toBe(true);
    db.close();

    // Opening the migrated file again changes nothing.
    const reopened = new Database(file);
    createSqliteWebhookDedup(reopened, { now: clock.now });
    expect(rows(reopened)).toEqual([{ source: 'livekit', event_id: 'EV_before_upgrade', seen_at: T0 + DEFAULT_RETENTION_MS + 1 }]);
    reopened.close();
  });

  it('remembers the answer given and its call, across a restart; firstTime rows recall as a bare acknowledgement', () => {
    const file = dbFile();
    const db = new Database(file);
    const dedup = createSqliteWebhookDedup(db);
    expect(dedup.recall('twilio', 'signed:abc')).toBeUndefined();
    dedup.remember('twilio', 'signed:abc', { status: 200, contentType: 'text/xml', body: '<Response/>', callId: 'pstn-twilio-CA1' });
    dedup.firstTime('livekit', 'EV_1');
    db.close();
    const reopened = new Database(file);
    const again = createSqliteWebhookDedup(reopened);
    expect(again.recall('twilio', 'signed:abc')).toEqual({ status: 200, contentType: 'text/xml', body: '<Response/>' });
    expect(again.recall('telnyx', 'signed:abc')).toBeUndefined();
    expect(again.recall('livekit', 'EV_1')).toEqual({ status: 200, contentType: 'text/plain', body: '' });
    expect(reopened.prepare('SELECT call_id FROM webhook_seen WHERE event_id = ?').get('signed:abc')).toEqual({
      call_id: 'pstn-twilio-CA1',
    });
    reopened.close();
  });

  it('rejects a window or prune interval that is not a positive number, naming it', () => {
    const db = new Database(':memory:');
    expect(() => createSqliteWebhookDedup(db, { retentionMs: 0 })).toThrow(
      'webhook dedup: retentionMs must be a positive number of milliseconds, got 0',
    );
    expect(() => createSqliteWebhookDedup(db, { pruneEveryMs: Number.NaN })).toThrow('pruneEveryMs');
    db.close();
  });
});
