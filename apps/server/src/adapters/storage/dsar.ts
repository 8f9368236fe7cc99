import { type KeptItem, planErasure, sha256Hex } from '@switchboard/compliance';
import type { RecordingVault } from '../recordings/recording-vault.js';
import type { SqlComplianceStore } from './sql-compliance-store.js';

/**
 * Data-subject requests (GDPR Art. 15 access, Art. 17 erasure), staff-only: each records who
 * asked and how identity was verified (shared/DESIGN.md).
 *
 * Export: everything held about a caller — consent evidence, recordings (with any holds),
 * transcripts and the audit entries about their calls, with personal data.
 *
 * Erase: per `planErasure`, deletes recordings (key, file, row), transcripts and the personal
 * data of consent and audit rows; items under legal hold stay and are reported with the
 * reason. Hashed audit rows are untouched, so the chain still verifies. The erasure itself is
 * audited with the subject as a SHA-256 of the number (accountability without keeping it).
 */
export async function exportSubject(store: SqlComplianceStore, caller: string, now: Date) {
  const callIds = await store.callIdsForCaller(caller);
  const recordings = await store.recordingsForCalls(callIds);
  const holds = await store.activeHolds(recordings.map((r) => r.recordingId));
  return {
    subject: caller,
    exportedAt: now.toISOString(),
    callIds,
    consents: await store.consentsForCalls(callIds),
    recordings: recordings.map((r) => ({ ...r, holds: holds.filter((h) => h.recordingId === r.recordingId) })),
    transcripts: await store.transcriptsForCalls(callIds),
    audit: await store.auditForCalls(callIds, caller),
  };
}

export interface EraseRequest {
  caller: string;
  requestedBy: string;
  verifiedBy: string;
}

export interface EraseReport {
  erasedRecordings: string[];
  erasedCalls: string[];
  kept: KeptItem[];
  erasedRows: { transcripts: number; consents: number; auditPii: number };
  auditSeq: number;
}

export async function eraseSubject(store: SqlComplianceStore, vault: RecordingVault, req: EraseRequest): Promise<EraseReport> {
  const callIds = await store.callIdsForCaller(req.caller);
  const recordings = await store.recordingsForCalls(callIds);
  const holds = await store.activeHolds(recordings.map((r) => r.recordingId));
  const plan = planErasure({ callIds, recordings, holds });
  for (const id of plan.eraseRecordings) {
    await vault.destroy(id); // key first, then file: crypto-shredding reaches copies
    await store.deleteRecording(id);
  }
  const erasedRows = await store.erasePersonalData(plan.eraseCalls, req.caller);
  const entry = await store.appendAudit({
    action: 'dsar.erased',
    actor: req.requestedBy,
    payload: {
      subjectSha256: await sha256Hex(req.caller),
      verifiedBy: req.verifiedBy,
      erasedRecordings: plan.eraseRecordings,
      erasedCalls: plan.eraseCalls,
      kept: plan.kept,
      erasedRows,
    },
  });
  return { erasedRecordings: plan.eraseRecordings, erasedCalls: plan.eraseCalls, kept: plan.kept, erasedRows, auditSeq: entry.seq };
}
