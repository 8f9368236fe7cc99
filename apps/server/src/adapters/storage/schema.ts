/**
 * Kysely table types of the compliance database (SQLite or PostgreSQL, same queries).
 * Times are UTC ISO 8601 text (sortable as text); personal data sits in `pii_*` columns or the
 * `audit_pii` table so erasure can null/delete it without touching hashed rows.
 */
export interface ConsentsTable {
  id: string;
  call_id: string;
  jurisdiction: string;
  regime: string;
  ruleset_version: string;
  decision: string;
  method: string;
  announcement_id: string;
  announcement_sha256: string;
  announcement_completed: number;
  decided_at: string;
  offset_ms: number;
  pii_caller: string | null;
  pii_callee: string | null;
  erased_at: string | null;
}

export interface RecordingsTable {
  recording_id: string;
  call_id: string;
  jurisdiction: string;
  retention_days: number;
  started_at: string;
  expires_at: string;
  status: string;
  path: string | null;
  pii_caller: string | null;
}

/** Per-recording AES-256-GCM keys, apart from the audio: deleting the row crypto-shreds the file. */
export interface RecordingKeysTable {
  recording_id: string;
  key_b64: string;
  created_at: string;
}

export interface LegalHoldsTable {
  id: string;
  recording_id: string;
  reason: string;
  set_by: string;
  set_at: string;
  lifted_at: string | null;
  lifted_by: string | null;
  lift_reason: string | null;
}

export interface TranscriptsTable {
  id: string;
  call_id: string;
  role: string;
  text: string;
  at: string;
  offset_ms: number;
  pii_caller: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  action: string;
  actor: string;
  call_id: string | null;
  recording_id: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** Personal data of an audit entry, outside the hashed row (issue 4). */
export interface AuditPiiTable {
  seq: number;
  call_id: string | null;
  caller: string | null;
  pii: string;
}

export interface ComplianceDatabase {
  consents: ConsentsTable;
  recordings: RecordingsTable;
  recording_keys: RecordingKeysTable;
  legal_holds: LegalHoldsTable;
  transcripts: TranscriptsTable;
  audit_log: AuditLogTable;
  audit_pii: AuditPiiTable;
}
