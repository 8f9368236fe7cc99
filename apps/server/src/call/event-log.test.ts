import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventLog } from './event-log.js';
import { createMemoryEventLog } from './memory-event-log.js';
import { createSqliteEventLog } from './sqlite-event-log.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-event-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dtmf = (id: string, digit: string, atMs: number): EngineEvent => ({ type: 'caller.dtmf', id, atMs, digit });

const cases: [string, () => EventLog][] = [
  ['memory', createMemoryEventLog],
  ['sqlite', () => createSqliteEventLog(new Database(join(dir, `${Math.random()}.db`)))],
];

describe.each(cases)('%s event log', (_name, make) => {
  it('keeps each call in append order and ignores a repeated id', async () => {
    const log = make();
    expect(await log.append('c1', dtmf('a', '1', 0))).toBe(true);
    expect(await log.append('c2', dtmf('a', '9', 5))).toBe(true);
    expect(await log.append('c1', dtmf('b', '2', 10))).toBe(true);
    expect(await log.append('c1', dtmf('a', '3', 20))).toBe(false);
    expect((await log.read('c1')).map((e) => e.id)).toEqual(['a', 'b']);
    expect(await log.read('c1')).toEqual([dtmf('a', '1', 0), dtmf('b', '2', 10)]);
    expect(await log.read('c2')).toEqual([dtmf('a', '9', 5)]);
    expect(await log.read('nobody')).toEqual([]);
  });

  it('keeps annotations per call, the last value of a key winning', async () => {
    const log = make();
    await log.annotate('c1', 'recordingId', 'r1');
    await log.annotate('c1', 'recordingId', 'r2');
    await log.annotate('c1', 'startedAtMs', '5');
    await log.annotate('c2', 'recordingId', 'other');
    expect(await log.annotations('c1')).toEqual({ recordingId: 'r2', startedAtMs: '5' });
    expect(await log.annotations('none')).toEqual({});
  });
});

describe('sqlite event log', () => {
  it('survives closing and reopening the file', async () => {
    const file = join(dir, 'reopen.db');
    const first = new Database(file);
    await createSqliteEventLog(first).append('c', dtmf('x', '5', 42));
    first.close();
    const again = createSqliteEventLog(new Database(file));
    expect(await again.read('c')).toEqual([dtmf('x', '5', 42)]);
    expect(await again.append('c', dtmf('x', '5', 42))).toBe(false);
  });

  it('rejects a corrupted row instead of replaying it', async () => {
    const db = new Database(join(dir, 'corrupt.db'));
    const log = createSqliteEventLog(db);
    await log.append('c', dtmf('x', '5', 1));
    db.prepare('UPDATE call_events SET body = \'{"type":"caller.dtmf","id":"x","atMs":1,"digit":"55"}\'').run();
    await expect(log.read('c')).rejects.toThrow(/digit/);
  });
});
