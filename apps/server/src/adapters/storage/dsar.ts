import { type KeptItem, planErasure, sha256Hex } from '@switchboard/compliance';
import type { RecordingVault } from '../recordings/recording-vault.js';
import type { CallLogErasure, CallLogExport, CallLogPrivacy } from './call-log-privacy.js';
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
 *
 * Both reach the call log too (call-log-privacy.ts: events, outbox, resume tokens, stored
 * webhook answers), for phone callers by number and web visitors by their call (`web:<callId>`
 * is the caller a web call connects as). Calls kept under a legal hold keep their call log.
 */
export type Subject = { caller: string } | { webCallId: string };

/** The caller handle a subject's rows carry: the E.164 number, or `web:<callId>` (ws/live-call.ts). */
export const subjectHandle = (subject: Subject): string => ('caller' in subject ? subject.caller : `web:${subject.webCallId}`);

async function callsOf(store: SqlComplianceStore, callLog: CallLogPrivacy | undefined, subject: Subject): Promise<string[]> {
  const handle = subjectHandle(subject);
  const ids = new Set([...(await store.callIdsForCaller(handle)), ...(callLog?.callsForCaller(handle) ?? [])]);
  if ('webCallId' in subject) ids.add(subject.webCallId);
  return [...ids].sort();
}
export async function exportSubject(store: SqlComplianceStore, subject: Subject, now: Date, callLog?: CallLogPrivacy) {
  const handle = subjectHandle(subject);
  const callIds = await callsOf(store, callLog, subject);
  const recordings = await store.recordingsForCalls(callIds);
  const holds = await store.activeHolds(recordings.map((r) => r.recordingId));
  const empty: CallLogExport = { events: [], annotations: [], outbox: [] };
  return {
    subject: handle,
    exportedAt: now.toISOString(),
    callIds,
    consents: await store.consentsForCalls(callIds),
    recordings: recordings.map((r) => ({ ...r, holds: holds.filter((h) => h.recordingId === r.recordingId) })),
    transcripts: await store.transcriptsForCalls(callIds),
    audit: await store.auditForCalls(callIds, handle),
    callLog: callLog?.exportCalls(callIds) ?? empty,
  };
}

export type EraseRequest = Subject & {
  requestedBy: string;
  verifiedBy: string;
};

export interface EraseReport {
  erasedRecordings: string[];
  erasedCalls: string[];
  kept: KeptItem[];
  erasedRows: { transcripts: number; consents: number; auditPii: number };
  /** Absent when there is no call log (no call was ever taken on this database). */
  callLog?: CallLogErasure;
  auditSeq: number;
}

export async function eraseSubject(
  store: SqlComplianceStore,
  vault: RecordingVault,
  req: EraseRequest,
  callLog?: CallLogPrivacy,
): Promise<EraseReport> {
  const handle = subjectHandle(req);
  const callIds = await callsOf(store, callLog, req);
  const recordings = await store.recordingsForCalls(callIds);
  const holds = await store.activeHolds(recordings.map((r) => r.recordingId));
  const plan = planErasure({ callIds, recordings, holds });
  for (const id of plan.eraseRecordings) {
    await vault.destroy(id); // key first, then file: crypto-shredding reaches copies
    await store.deleteRecording(id);
  }
  const erasedRows = await store.erasePersonalData(plan.eraseCalls, handle);
  const callLogErased = callLog?.eraseCalls(plan.eraseCalls);
  const entry = await store.appendAudit({
    action: 'dsar.erased',
    actor: req.requestedBy,
    payload: {
      subjectSha256: await sha256Hex(handle),
      verifiedBy: req.verifiedBy,
      erasedRecordings: plan.eraseRecordings,
      erasedCalls: plan.eraseCalls,
      kept: plan.kept,
      erasedRows,
      ...(callLogErased ? { callLog: callLogErased } : {}),
    },
  });
  // Deleted rows leave no bytes behind in the compliance file either (free pages, WAL).
  await store.compact();
  return {
    erasedRecordings: plan.eraseRecordings,
    erasedCalls: plan.eraseCalls,
    kept: plan.kept,
    erasedRows,
    ...(callLogErased ? { callLog: callLogErased } : {}),
    auditSeq: entry.seq,
  };
}
