import { afterEach, describe, expect, it } from 'vitest';
import { runTs, tempDataDir } from '../../../test/support/temp-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { verifyAudit } from './verify-audit.js';

const child = new URL('../../../test/support/consent-then-sigkill.ts', import.meta.url).pathname;

describe('kill -9 right after a consent decision', { timeout: 120_000 }, () => {
  const tmp = tempDataDir();
  afterEach(() => tmp.cleanup());

  it('loses neither the consent row nor its audit entry', async () => {
    for (const callId of ['call-a', 'call-b']) {
      const res = runTs(child, [tmp.dbPath, callId]);
      expect(res.signal, res.stderr).toBe('SIGKILL');
    }
    const store = await openSqliteStore(tmp.dbPath);
    try {
      for (const callId of ['call-a', 'call-b']) {
        const consents = await store.consentsForCall(callId);
        expect(consents).toHaveLength(1);
        expect(consents[0]).toMatchObject({ decision: 'granted', method: 'voice', jurisdiction: 'DE', pii: { caller: '+4930901820' } });
      }
      const audit = await store.listAudit();
      expect(audit.map((e) => [e.seq, e.action, e.callId])).toEqual([
        [1, 'consent.decided', 'call-a'],
        [2, 'consent.decided', 'call-b'],
      ]);
      expect(await verifyAudit(store)).toMatchObject({ ok: true, count: 2, publishedSeq: 2 });
    } finally {
      await store.close();
    }
  });
});
