import { join } from 'node:path';
import { announcementFor, buildConsentEvidence, recordConsentDecision, resolveJurisdiction, verifyChain } from '@switchboard/compliance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../../../test/support/postgres-server.js';
import { createRecordingVault } from '../recordings/recording-vault.js';
import { eraseSubject } from './dsar.js';
import type { SqlComplianceStore } from './sql-compliance-store.js';
import { openComplianceStore } from './sqlite-store.js';
import { verifyAudit } from './verify-audit.js';

// The same store and queries on a real PostgreSQL server (DESIGN.md: SQLite embedded default,
// PostgreSQL for scale-out), reached through a postgres:// URL and kysely's PostgresDialect.
describe('compliance store on PostgreSQL', { timeout: 120_000 }, () => {
  let pg: PostgresServer;
  let store: SqlComplianceStore;

  beforeAll(async () => {
    pg = await startPostgres();
    store = await openComplianceStore(pg.url, { headPath: join(pg.dir, 'audit-head.json') });
  }, 180_000);
  afterAll(async () => {
    await store?.close();
    pg?.stop();
  });

  it('migrates, keeps consent evidence, and chains concurrent audit appends without forking', async () => {
    const jurisdiction = resolveJurisdiction('+33123456789');
    const evidence = buildConsentEvidence({
      callId: 'pg-1',
      caller: '+33123456789',
      jurisdiction,
      decision: 'declined',
      method: 'timeout',
      announcement: await announcementFor(jurisdiction.regime, 'fr'),
      announcementCompleted: true,
      decidedAt: new Date('2026-11-25T12:00:10.000Z'),
      offsetMs: 10_000,
    });
    await recordConsentDecision(store, evidence);
    expect(await store.consentsForCall('pg-1')).toEqual([evidence]);
    await Promise.all(Array.from({ length: 15 }, (_, i) => store.appendAudit({ action: 'burst', actor: 'system', payload: { i } })));
    const chain = await verifyChain(await store.listAudit());
    expect(chain).toMatchObject({ ok: true, count: 16 });
    // A second store (another worker) shares the same chain.
    const other = await openComplianceStore(pg.url, { headPath: join(pg.dir, 'audit-head.json') });
    await Promise.all([
      other.appendAudit({ action: 'w2', actor: 'system', payload: {} }),
      store.appendAudit({ action: 'w1', actor: 'system', payload: {} }),
    ]);
    await other.close();
    expect(await verifyAudit(store)).toMatchObject({ ok: true, count: 18 });
  });

  it('erases a caller except the held recording', async () => {
    const vault = createRecordingVault({ dir: join(pg.dir, 'recordings'), keys: store });
    for (const id of ['rec_pg_a', 'rec_pg_b']) {
      const w = await vault.create(id);
      w.append(Buffer.from('audio'));
      await w.close();
      await store.createRecording({
        recordingId: id,
        callId: `call-${id}`,
        jurisdiction: 'FR',
        retentionDays: 30,
        startedAt: '2026-11-25T12:00:00.000Z',
        expiresAt: '2026-12-25T12:00:00.000Z',
        status: 'stopped',
        path: w.path,
        pii: { caller: '+33123456789' },
      });
    }
    await store.setHold('rec_pg_b', 'court order 7', 'legal@acme');
    const report = await eraseSubject(store, vault, { caller: '+33123456789', requestedBy: 'dpo', verifiedBy: 'id check' });
    expect(report.erasedRecordings).toEqual(['rec_pg_a']);
    expect(report.kept).toContainEqual({ kind: 'recording', id: 'rec_pg_b', reason: 'legal hold: court order 7' });
    expect(await store.getRecording('rec_pg_a')).toBeUndefined();
    expect((await store.consentsForCall('pg-1'))[0]?.pii.caller).toBe('[erased]');
    expect((await verifyAudit(store)).ok).toBe(true);
  });
});
