import type { AuditEntry, ConsentEvidence, RecordingMeta, RecordingStatus, TranscriptEntry } from '@switchboard/compliance';
import { ConsentDecisionSchema, ConsentMethodSchema, RegimeSchema } from '@switchboard/protocol';
import type { Selectable } from 'kysely';
import type { AuditLogTable, ConsentsTable, RecordingsTable, TranscriptsTable } from './schema.js';

/**
 * Rows → port types. Enum columns are parsed with the protocol's zod schemas so a corrupted
 * row fails loudly; erased personal data reads back as ERASED.
 */
export const ERASED = '[erased]';

export const fromConsentRow = (r: Selectable<ConsentsTable>): ConsentEvidence => ({
  callId: r.call_id,
  jurisdiction: r.jurisdiction,
  regime: RegimeSchema.parse(r.regime),
  rulesetVersion: r.ruleset_version,
  decision: ConsentDecisionSchema.parse(r.decision),
  method: ConsentMethodSchema.parse(r.method),
  announcementId: r.announcement_id,
  announcementSha256: r.announcement_sha256,
  announcementCompleted: r.announcement_completed === 1,
  decidedAt: r.decided_at,
  offsetMs: Number(r.offset_ms),
  pii: r.pii_callee === null ? { caller: r.pii_caller ?? ERASED } : { caller: r.pii_caller ?? ERASED, callee: r.pii_callee },
});

const RECORDING_STATUSES: readonly RecordingStatus[] = ['active', 'paused', 'stopped', 'deleted'];
export const fromRecordingRow = (r: Selectable<RecordingsTable>): RecordingMeta => {
  const status = RECORDING_STATUSES.find((s) => s === r.status);
  if (!status) throw new Error(`recording ${r.recording_id}: bad status ${r.status}`);
  const meta: RecordingMeta = {
    recordingId: r.recording_id,
    callId: r.call_id,
    jurisdiction: r.jurisdiction,
    retentionDays: Number(r.retention_days),
    startedAt: r.started_at,
    expiresAt: r.expires_at,
    status,
    pii: { caller: r.pii_caller ?? ERASED },
  };
  if (r.path !== null) meta.path = r.path;
  return meta;
};

export const fromAuditRow = (r: Selectable<AuditLogTable>): AuditEntry => {
  const e: AuditEntry = {
    seq: Number(r.seq),
    at: r.at,
    action: r.action,
    actor: r.actor,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
  if (r.call_id !== null) e.callId = r.call_id;
  if (r.recording_id !== null) e.recordingId = r.recording_id;
  return e;
};

export const fromTranscriptRow = (r: Selectable<TranscriptsTable>): TranscriptEntry => ({
  callId: r.call_id,
  role: r.role === 'system' ? 'system' : 'caller',
  text: r.text,
  at: r.at,
  offsetMs: Number(r.offset_ms),
  pii: { caller: r.pii_caller ?? ERASED },
});
