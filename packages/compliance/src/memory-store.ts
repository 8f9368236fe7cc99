import { chainEntry } from './audit-chain.js';
import { maskCardDigits, maskCardDigitsDeep } from './mask.js';
import type {
  AuditEntry,
  AuditInput,
  ComplianceStore,
  ConsentEvidence,
  RecordingMeta,
  RecordingStatus,
  TranscriptEntry,
} from './store.js';

/**
 * In-memory ComplianceStore for unit tests of the code beside it (engine runtime, CLI logic).
 * Same semantics as the SQLite store: the audit log is hash-chained with pii kept apart,
 * transcripts are masked, unknown recordings throw. Inspect what was written through the
 * read-only arrays it exposes. Never use it in end-to-end tests: those use the real SQLite file.
 */
export interface MemoryComplianceStore extends ComplianceStore {
  readonly consents: readonly ConsentEvidence[];
  readonly recordings: ReadonlyMap<string, RecordingMeta>;
  readonly audit: readonly AuditEntry[];
  readonly auditPii: ReadonlyMap<number, Record<string, string>>;
  readonly transcripts: readonly TranscriptEntry[];
}

export function createMemoryComplianceStore(opts: { now?: () => Date } = {}): MemoryComplianceStore {
  const now = opts.now ?? (() => new Date());
  const consents: ConsentEvidence[] = [];
  const recordings = new Map<string, RecordingMeta>();
  const audit: AuditEntry[] = [];
  const auditPii = new Map<number, Record<string, string>>();
  const transcripts: TranscriptEntry[] = [];
  // Appends are serialised so concurrent callers cannot fork the chain.
  let tail: Promise<unknown> = Promise.resolve();

  return {
    consents,
    recordings,
    audit,
    auditPii,
    transcripts,
    async recordConsent(evidence) {
      consents.push(structuredClone(evidence));
    },
    async consentsForCall(callId) {
      return consents.filter((c) => c.callId === callId).map((c) => structuredClone(c));
    },
    async createRecording(meta) {
      if (recordings.has(meta.recordingId)) throw new Error(`recording ${meta.recordingId} exists`);
      recordings.set(meta.recordingId, structuredClone(meta));
    },
    async setRecordingStatus(recordingId: string, status: RecordingStatus, path?: string) {
      const meta = recordings.get(recordingId);
      if (!meta) throw new Error(`unknown recording ${recordingId}`);
      meta.status = status;
      if (path !== undefined) meta.path = path;
    },
    async getRecording(recordingId) {
      const meta = recordings.get(recordingId);
      return meta ? structuredClone(meta) : undefined;
    },
    appendAudit(input: AuditInput) {
      const next = tail.then(async () => {
        const entry = await chainEntry(audit.at(-1), { ...input, at: now().toISOString() });
        audit.push(entry);
        if (input.pii) auditPii.set(entry.seq, maskCardDigitsDeep({ ...input.pii }));
        return entry;
      });
      tail = next.catch(() => undefined);
      return next;
    },
    async appendTranscript(entry) {
      transcripts.push({ ...entry, pii: { ...entry.pii }, text: maskCardDigits(entry.text) });
    },
  };
}
