import { announcementFor, buildConsentEvidence, resolveJurisdiction, verifyChain } from '@switchboard/compliance';
import { arbitraryPan, arbitrarySpelling, digitStream, spell } from '@switchboard/compliance/test/support/card-numbers';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDataDir } from '../../../test/support/temp-store.js';
import { createRecordingVault } from '../recordings/recording-vault.js';
import { readAuditHead } from './audit-head.js';
import { scheduleRetentionSweeps } from './retention-schedule.js';
import { type SweepResult, sweepExpiredRecordings } from './retention-sweeper.js';
import type { SqlComplianceStore } from './sql-compliance-store.js';
import { openSqliteStore } from './sqlite-store.js';

describe('SQLite ComplianceStore', () => {
  const tmp = tempDataDir();
  const clock = new Date('2026-11-25T12:00:00.000Z');
  let store: SqlComplianceStore;
  beforeAll(async () => {
    store = await openSqliteStore(tmp.dbPath, { now: () => clock });
  });
  afterAll(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('runs in WAL mode with synchronous=FULL', async () => {
    const raw = new Database(tmp.dbPath, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    // synchronous is per connection: ask the store's own (2 = FULL).
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.conn.db);
    expect(rows).toEqual([{ synchronous: 2 }]);
  });

  it('round-trips consent evidence', async () => {
    const jurisdiction = resolveJurisdiction('+14155552671');
    const ev = buildConsentEvidence({
      callId: 'c1',
      caller: '+14155552671',
      callee: '+18005550100',
      jurisdiction,
      decision: 'granted',
      method: 'notice',
      announcement: await announcementFor(jurisdiction.regime, 'en'),
      announcementCompleted: true,
      decidedAt: clock,
      offsetMs: 5000,
    });
    await store.recordConsent(ev);
    expect(await store.consentsForCall('c1')).toEqual([ev]);
  });

  it('chains audit entries, keeps pii out of the hashed row, publishes the head', async () => {
    const a = await store.appendAudit({ action: 'x', actor: 'system', callId: 'c1', payload: { n: 1 }, pii: { caller: '+14155552671' } });
    const b = await store.appendAudit({ action: 'y', actor: 'system', payload: {} });
    expect(b.prevHash).toBe(a.hash);
    expect(readAuditHead(store.conn.headPath)).toEqual({ seq: b.seq, hash: b.hash });
    expect((await verifyChain(await store.listAudit())).ok).toBe(true);
    const raw = new Database(tmp.dbPath, { readonly: true });
    expect(JSON.stringify(raw.prepare('SELECT * FROM audit_log').all())).not.toContain('+14155552671');
    raw.close();
  });

  it('concurrent appends never fork the chain', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.appendAudit({ action: 'burst', actor: 'system', payload: { i } })));
    const v = await verifyChain(await store.listAudit());
    expect(v.ok).toBe(true);
  });

  it('no card digit reaches a stored transcript or audit row (fast-check, real SQLite)', async () => {
    // Issue 13: card data is a Luhn-valid PAN in any spelling (amounts and dates stay readable).
    const card = fc.tuple(arbitraryPan, arbitrarySpelling).map(([pan, spelling]) => ({ digits: pan, text: spell(pan, spelling) }));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(card, fc.string({ unit: fc.constantFrom(...'abc ,.') }), async (c, words) => {
        const callId = `pci-${n++}`;
        await store.appendTranscript({
          callId,
          role: 'caller',
          text: `${words} ${c.text} ${words}`,
          at: clock.toISOString(),
          offsetMs: 1,
          pii: { caller: '+4930901820' },
        });
        await store.appendAudit({
          action: 'note',
          actor: 'system',
          callId,
          payload: { said: c.text, list: [c.text] },
          pii: { caller: '+4930901820', note: c.text },
        });
        const raw = new Database(tmp.dbPath, { readonly: true });
        const rows = JSON.stringify([
          raw.prepare('SELECT text FROM transcripts WHERE call_id = ?').all(callId),
          raw.prepare('SELECT payload FROM audit_log WHERE call_id = ?').all(callId),
          raw.prepare('SELECT pii FROM audit_pii WHERE call_id = ?').all(callId),
        ]);
        raw.close();
        expect(digitStream(rows)).not.toContain(c.digits);
      }),
      { numRuns: 40 },
    );
  });

  it('the retention sweeper deletes expired recordings and honours legal holds', async () => {
    const vault = createRecordingVault({ dir: tmp.recordingsDir, keys: store });
    const mk = async (id: string, startedAt: string, retentionDays: number) => {
      const w = await vault.create(id);
      w.append(Buffer.from('audio'));
      await w.close();
      await store.createRecording({
        recordingId: id,
        callId: `call-${id}`,
        jurisdiction: 'DE',
        retentionDays,
        startedAt,
        expiresAt: new Date(Date.parse(startedAt) + retentionDays * 86_400_000).toISOString(),
        status: 'stopped',
        path: w.path,
        pii: { caller: '+4930901820' },
      });
    };
    await mk('rec_old', '2026-01-01T00:00:00.000Z', 30);
    await mk('rec_held', '2026-01-01T00:00:00.000Z', 30);
    await mk('rec_new', '2026-11-20T00:00:00.000Z', 30);
    await store.setHold('rec_held', 'regulator inquiry', 'legal@acme');
    const result = await sweepExpiredRecordings(store, vault, new Date('2026-11-25T00:00:00.000Z'));
    expect(result).toEqual({ deleted: ['rec_old'], held: [{ recordingId: 'rec_held', reason: 'regulator inquiry' }] });
    expect(await store.getRecording('rec_old')).toBeUndefined();
    await expect(vault.read('rec_old')).rejects.toThrow(/no key/);
    expect((await vault.read('rec_held')).complete).toBe(true);
    expect((await vault.read('rec_new')).complete).toBe(true);
    // Once the hold is lifted the next sweep takes it.
    await store.liftHold('rec_held', 'closed', 'legal@acme');
    expect((await sweepExpiredRecordings(store, vault, new Date('2026-11-25T00:00:00.000Z'))).deleted).toEqual(['rec_held']);
    expect((await store.listAudit()).filter((e) => e.action === 'recording.expired').map((e) => e.recordingId)).toEqual([
      'rec_old',
      'rec_held',
    ]);
  });
});

describe('scheduleRetentionSweeps', () => {
  it('sweeps at once and on every interval until stopped', async () => {
    const tmp = tempDataDir();
    const store = await openSqliteStore(tmp.dbPath);
    const vault = createRecordingVault({ dir: tmp.recordingsDir, keys: store });
    try {
      const results: SweepResult[] = [];
      await store.createRecording({
        recordingId: 'rec_sched',
        callId: 'c',
        jurisdiction: 'DE',
        retentionDays: 30,
        startedAt: '2020-01-01T00:00:00.000Z',
        expiresAt: '2020-01-31T00:00:00.000Z',
        status: 'stopped',
        pii: { caller: '+4930901820' },
      });
      const stop = scheduleRetentionSweeps({
        store,
        vault,
        now: () => new Date('2026-11-25T00:00:00.000Z'),
        intervalMs: 20,
        onSweep: (r) => results.push(r),
      });
      await vi.waitFor(() => expect(results.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
      stop();
      expect(results[0]?.deleted).toEqual(['rec_sched']);
      expect(results[1]?.deleted).toEqual([]);
      const count = results.length;
      await new Promise((r) => setTimeout(r, 100));
      expect(results.length).toBeLessThanOrEqual(count + 1); // at most one tick already in flight
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });
});
