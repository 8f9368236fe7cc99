import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit-chain.js';
import type { ComplianceStore, ConsentEvidence, RecordingMeta } from '../../src/store.js';

/**
 * The behaviour every ComplianceStore must have, run against the in-memory fake (here) and the
 * real SQLite/PostgreSQL store (apps/server/src/adapters/storage), so the fake the runtime's
 * unit tests rely on cannot drift from the real thing.
 *
 *   complianceStoreContract('SQLite', async () => ({ store, audit: () => store.listAudit(), close }));
 */
export interface ContractSubject {
  store: ComplianceStore;
  close?: () => Promise<void>;
}

const evidence = (callId: string): ConsentEvidence => ({
  callId,
  jurisdiction: 'US-CA',
  regime: 'all-party',
  rulesetVersion: 'contract-1',
  decision: 'granted',
  method: 'notice',
  announcementId: 'all-party.en@contract-1',
  announcementSha256: 'a'.repeat(64),
  announcementCompleted: true,
  decidedAt: '2026-11-25T12:00:05.000Z',
  offsetMs: 5000,
  pii: { caller: '+14155552671' },
});

const recording = (recordingId: string): RecordingMeta => ({
  recordingId,
  callId: 'contract-call',
  jurisdiction: 'US-CA',
  retentionDays: 90,
  startedAt: '2026-11-25T12:00:06.000Z',
  expiresAt: '2027-02-23T12:00:06.000Z',
  status: 'active',
  pii: { caller: '+14155552671' },
});

export function complianceStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`ComplianceStore contract: ${name}`, () => {
    const withStore = async (fn: (s: ComplianceStore) => Promise<void>) => {
      const subject = await open();
      try {
        await fn(subject.store);
      } finally {
        await subject.close?.();
      }
    };

    it('returns consent evidence per call, exactly as written', () =>
      withStore(async (s) => {
        await s.recordConsent(evidence('k1'));
        await s.recordConsent({ ...evidence('k2'), decision: 'declined', method: 'voice' });
        expect(await s.consentsForCall('k1')).toEqual([evidence('k1')]);
        expect(await s.consentsForCall('nope')).toEqual([]);
      }));

    it('tracks recording status and path; unknown recordings are errors', () =>
      withStore(async (s) => {
        await s.createRecording(recording('rec_contract_1'));
        await s.setRecordingStatus('rec_contract_1', 'paused');
        await s.setRecordingStatus('rec_contract_1', 'stopped', '/x/rec_contract_1.sbrec');
        expect(await s.getRecording('rec_contract_1')).toEqual({
          ...recording('rec_contract_1'),
          status: 'stopped',
          path: '/x/rec_contract_1.sbrec',
        });
        expect(await s.getRecording('rec_missing')).toBeUndefined();
        await expect(s.setRecordingStatus('rec_missing', 'stopped')).rejects.toThrow();
        await expect(s.createRecording(recording('rec_contract_1'))).rejects.toThrow();
      }));

    it('appends a verifiable hash chain, even when appends race', () =>
      withStore(async (s) => {
        const entries = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            s.appendAudit({
              action: 'race',
              actor: 'system',
              payload: { i, card: '4111 1111 1111 1111' },
              pii: { caller: '+14155552671' },
            }),
          ),
        );
        const sorted = [...entries].sort((a, b) => a.seq - b.seq);
        // `open` gives a fresh store, so the chain starts at 1 and has no gaps or forks.
        expect(sorted.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(JSON.stringify(entries)).not.toMatch(/4111|\+14155552671/);
        expect((await verifyChain(sorted)).ok).toBe(true);
      }));

    it('accepts transcripts', () =>
      withStore(async (s) => {
        await s.appendTranscript({
          callId: 'k1',
          role: 'caller',
          text: 'hello',
          at: '2026-11-25T12:00:07.000Z',
          offsetMs: 7000,
          pii: { caller: '+14155552671' },
        });
      }));
  });
}
