import type { ConsentDecision, ConsentMethod, Regime } from '@switchboard/protocol';

/**
 * The storage port compliance needs. SQLite (apps/server/src/adapters/storage) is the real
 * default; an in-memory fake sits beside it for unit tests. Every write resolves only once it
 * is durable: the call runtime awaits `recordConsent` and `appendAudit` before it starts a
 * recording (issue 4: "writes of consent and audit are durable before the recording starts").
 */

/** Evidence kept for each consent decision. Personal data only under `pii`. */
export interface ConsentEvidence {
  callId: string;
  jurisdiction: string;
  regime: Regime;
  rulesetVersion: string;
  decision: ConsentDecision;
  method: ConsentMethod;
  announcementId: string;
  announcementSha256: string;
  /** The announcement was played to the end (it is not interruptible). */
  announcementCompleted: boolean;
  /** UTC ISO 8601. */
  decidedAt: string;
  offsetMs: number;
  pii: { caller: string; callee?: string };
}

export type RecordingStatus = 'active' | 'paused' | 'stopped' | 'deleted';

export interface RecordingMeta {
  recordingId: string;
  callId: string;
  jurisdiction: string;
  retentionDays: number;
  /** UTC ISO 8601. */
  startedAt: string;
  expiresAt: string;
  status: RecordingStatus;
  /** Where the (encrypted) audio lives; absent until audio is written. */
  path?: string;
  pii: { caller: string };
}

export interface LegalHold {
  recordingId: string;
  reason: string;
  setBy: string;
  setAt: string;
}

export interface AuditInput {
  /** What happened, e.g. "consent.decided", "recording.started", "dsar.erased". */
  action: string;
  /** Who did it: "system", or a staff user id. */
  actor: string;
  callId?: string;
  recordingId?: string;
  /** Hashed into the chain: never personal data. */
  payload: Record<string, unknown>;
  /** Kept outside the hashed payload so erasure does not break the chain. */
  pii?: Record<string, string>;
}

export interface AuditEntry extends Omit<AuditInput, 'pii'> {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** A line of what was said. Stores mask card-like digits before writing (mask.ts). */
export interface TranscriptEntry {
  callId: string;
  role: 'caller' | 'system';
  text: string;
  /** UTC ISO 8601. */
  at: string;
  offsetMs: number;
  pii: { caller: string };
}

export interface ComplianceStore {
  recordConsent(evidence: ConsentEvidence): Promise<void>;
  consentsForCall(callId: string): Promise<ConsentEvidence[]>;
  createRecording(meta: RecordingMeta): Promise<void>;
  setRecordingStatus(recordingId: string, status: RecordingStatus, path?: string): Promise<void>;
  getRecording(recordingId: string): Promise<RecordingMeta | undefined>;
  appendAudit(input: AuditInput): Promise<AuditEntry>;
  /** Transcripts are personal data: DSAR export/erase reach them through the caller. */
  appendTranscript(entry: TranscriptEntry): Promise<void>;
}
