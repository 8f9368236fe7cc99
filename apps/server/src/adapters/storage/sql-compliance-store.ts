import { randomUUID } from 'node:crypto';
import {
  type AuditEntry,
  type AuditInput,
  type ComplianceStore,
  type ConsentEvidence,
  chainEntry,
  type LegalHold,
  maskCardDigits,
  maskCardDigitsDeep,
  type RecordingMeta,
  type RecordingStatus,
  type TranscriptEntry,
} from '@switchboard/compliance';
import { sql } from 'kysely';
import type { RecordingKeyStore } from '../recordings/recording-vault.js';
import { publishAuditHead } from './audit-head.js';
import type { ComplianceDb, Tx } from './open-compliance-db.js';
import { fromAuditRow, fromConsentRow, fromRecordingRow, fromTranscriptRow } from './row-mappers.js';

/**
 * ComplianceStore on SQL (SQLite by default, PostgreSQL by URL), plus what staff tools need:
 * legal holds, DSAR look-ups and erasure primitives, retention queries, the audit log and the
 * per-recording key store used by the recording vault. Open it with `openSqliteStore(path)` or
 * `openComplianceStore(location)` (sqlite-store.ts). Every write resolves once committed
 * (durable: see open-compliance-db.ts). Card-like digits are masked before any text is stored.
 */
export interface ActiveHold extends LegalHold {
  id: string;
}

export class SqlComplianceStore implements ComplianceStore, RecordingKeyStore {
  constructor(
    readonly conn: ComplianceDb,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get db() {
    return this.conn.db;
  }

  /**
   * SQLite: rewrites the file without free pages and truncates the WAL, so erased rows leave no
   * bytes behind (secure_delete already zeroes them on delete). No-op on PostgreSQL, whose own
   * VACUUM is the operator's. Returns false when another connection kept the WAL busy.
   */
  async compact(): Promise<boolean> {
    if (this.conn.kind !== 'sqlite') return true;
    await sql`VACUUM`.execute(this.db);
    const { rows } = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
    return (rows[0]?.busy ?? 0) === 0;
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  // ── ComplianceStore port ──────────────────────────────────────────────
  async recordConsent(e: ConsentEvidence): Promise<void> {
    await this.db
      .insertInto('consents')
      .values({
        id: randomUUID(),
        call_id: e.callId,
        jurisdiction: e.jurisdiction,
        regime: e.regime,
        ruleset_version: e.rulesetVersion,
        decision: e.decision,
        method: e.method,
        announcement_id: e.announcementId,
        announcement_sha256: e.announcementSha256,
        announcement_completed: e.announcementCompleted ? 1 : 0,
        decided_at: e.decidedAt,
        offset_ms: e.offsetMs,
        pii_caller: e.pii.caller,
        pii_callee: e.pii.callee ?? null,
        erased_at: null,
      })
      .execute();
  }

  async consentsForCall(callId: string): Promise<ConsentEvidence[]> {
    const rows = await this.db.selectFrom('consents').selectAll().where('call_id', '=', callId).orderBy('decided_at').execute();
    return rows.map(fromConsentRow);
  }

  async createRecording(m: RecordingMeta): Promise<void> {
    await this.db
      .insertInto('recordings')
      .values({
        recording_id: m.recordingId,
        call_id: m.callId,
        jurisdiction: m.jurisdiction,
        retention_days: m.retentionDays,
        started_at: m.startedAt,
        expires_at: m.expiresAt,
        status: m.status,
        path: m.path ?? null,
        pii_caller: m.pii.caller,
      })
      .execute();
  }

  async setRecordingStatus(recordingId: string, status: RecordingStatus, path?: string): Promise<void> {
    const res = await this.db
      .updateTable('recordings')
      .set(path === undefined ? { status } : { status, path })
      .where('recording_id', '=', recordingId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new Error(`unknown recording ${recordingId}`);
  }

  async getRecording(recordingId: string): Promise<RecordingMeta | undefined> {
    const row = await this.db.selectFrom('recordings').selectAll().where('recording_id', '=', recordingId).executeTakeFirst();
    return row ? fromRecordingRow(row) : undefined;
  }

  private publishedSeq = 0;

  async appendAudit(input: AuditInput): Promise<AuditEntry> {
    const entry = await this.conn.withWriteLock((tx) => this.appendAuditIn(tx, input));
    // Published after commit (never ahead of the database); never moved backwards by a slower
    // concurrent append in this process. It may trail by entries of other processes/crashes.
    if (entry.seq > this.publishedSeq) {
      this.publishedSeq = entry.seq;
      publishAuditHead(this.conn.headPath, { seq: entry.seq, hash: entry.hash });
    }
    return entry;
  }

  private async appendAuditIn(tx: Tx, input: AuditInput): Promise<AuditEntry> {
    const last = await tx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const prev = last ? { seq: Number(last.seq), hash: last.hash } : undefined;
    const entry = await chainEntry(prev, { ...input, at: this.now().toISOString() });
    await tx
      .insertInto('audit_log')
      .values({
        seq: entry.seq,
        at: entry.at,
        action: entry.action,
        actor: entry.actor,
        call_id: entry.callId ?? null,
        recording_id: entry.recordingId ?? null,
        payload: JSON.stringify(entry.payload),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })
      .execute();
    if (input.pii && Object.keys(input.pii).length > 0) {
      await tx
        .insertInto('audit_pii')
        .values({
          seq: entry.seq,
          call_id: input.callId ?? null,
          caller: input.pii.caller ?? null,
          pii: JSON.stringify(maskCardDigitsDeep(input.pii)),
        })
        .execute();
    }
    return entry;
  }

  async appendTranscript(t: TranscriptEntry): Promise<void> {
    await this.db
      .insertInto('transcripts')
      .values({
        id: randomUUID(),
        call_id: t.callId,
        role: t.role,
        text: maskCardDigits(t.text),
        at: t.at,
        offset_ms: t.offsetMs,
        pii_caller: t.pii.caller,
      })
      .execute();
  }

  // ── Recording keys (RecordingKeyStore for the vault) ──────────────────
  async putKey(recordingId: string, key: Uint8Array): Promise<void> {
    await this.db
      .insertInto('recording_keys')
      .values({ recording_id: recordingId, key_b64: Buffer.from(key).toString('base64'), created_at: this.now().toISOString() })
      .execute();
  }

  async getKey(recordingId: string): Promise<Uint8Array | undefined> {
    const row = await this.db.selectFrom('recording_keys').select('key_b64').where('recording_id', '=', recordingId).executeTakeFirst();
    return row ? new Uint8Array(Buffer.from(row.key_b64, 'base64')) : undefined;
  }

  /** Deletes the key of the recording and of any "<id>_r<n>" continuation part, file or not. */
  async deleteKey(recordingId: string): Promise<void> {
    const part = new RegExp(`^${recordingId.replace(/[^A-Za-z0-9]/g, '\\$&')}_r\\d+$`);
    const parts = await this.db
      .selectFrom('recording_keys')
      .select('recording_id')
      .where('recording_id', '>', `${recordingId}_r`)
      .where('recording_id', '<', `${recordingId}_s`)
      .execute();
    const ids = [recordingId, ...parts.map((r) => r.recording_id).filter((id) => part.test(id))];
    await this.db.deleteFrom('recording_keys').where('recording_id', 'in', ids).execute();
  }

  // ── Legal holds ───────────────────────────────────────────────────────
  async setHold(recordingId: string, reason: string, setBy: string): Promise<ActiveHold> {
    if (!(await this.getRecording(recordingId))) throw new Error(`unknown recording ${recordingId}`);
    const hold: ActiveHold = { id: randomUUID(), recordingId, reason: maskCardDigits(reason), setBy, setAt: this.now().toISOString() };
    await this.db
      .insertInto('legal_holds')
      .values({
        id: hold.id,
        recording_id: recordingId,
        reason: hold.reason,
        set_by: setBy,
        set_at: hold.setAt,
        lifted_at: null,
        lifted_by: null,
        lift_reason: null,
      })
      .execute();
    await this.appendAudit({ action: 'hold.set', actor: setBy, recordingId, payload: { holdId: hold.id, reason: hold.reason } });
    return hold;
  }

  /** Lifts every active hold on the recording; returns how many were lifted. */
  async liftHold(recordingId: string, reason: string, liftedBy: string): Promise<number> {
    const at = this.now().toISOString();
    const res = await this.db
      .updateTable('legal_holds')
      .set({ lifted_at: at, lifted_by: liftedBy, lift_reason: maskCardDigits(reason) })
      .where('recording_id', '=', recordingId)
      .where('lifted_at', 'is', null)
      .executeTakeFirst();
    const lifted = Number(res.numUpdatedRows);
    if (lifted > 0) {
      await this.appendAudit({ action: 'hold.lifted', actor: liftedBy, recordingId, payload: { reason: maskCardDigits(reason), lifted } });
    }
    return lifted;
  }

  async activeHolds(recordingIds?: readonly string[]): Promise<ActiveHold[]> {
    if (recordingIds && recordingIds.length === 0) return [];
    let q = this.db.selectFrom('legal_holds').selectAll().where('lifted_at', 'is', null);
    if (recordingIds) q = q.where('recording_id', 'in', [...recordingIds]);
    const rows = await q.orderBy('set_at').execute();
    return rows.map((r) => ({ id: r.id, recordingId: r.recording_id, reason: r.reason, setBy: r.set_by, setAt: r.set_at }));
  }

  // ── DSAR look-ups and erasure primitives ──────────────────────────────
  async callIdsForCaller(caller: string): Promise<string[]> {
    const [a, b, c, d] = await Promise.all([
      this.db.selectFrom('consents').select('call_id').where('pii_caller', '=', caller).execute(),
      this.db.selectFrom('recordings').select('call_id').where('pii_caller', '=', caller).execute(),
      this.db.selectFrom('transcripts').select('call_id').where('pii_caller', '=', caller).execute(),
      this.db.selectFrom('audit_pii').select('call_id').where('caller', '=', caller).execute(),
    ]);
    return [...new Set([...a, ...b, ...c, ...d].map((r) => r.call_id).filter((id): id is string => id !== null))].sort();
  }

  async consentsForCalls(callIds: readonly string[]): Promise<ConsentEvidence[]> {
    if (callIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('consents')
      .selectAll()
      .where('call_id', 'in', [...callIds])
      .orderBy('decided_at')
      .execute();
    return rows.map(fromConsentRow);
  }

  async recordingsForCalls(callIds: readonly string[]): Promise<RecordingMeta[]> {
    if (callIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('call_id', 'in', [...callIds])
      .orderBy('started_at')
      .execute();
    return rows.map(fromRecordingRow);
  }

  async transcriptsForCalls(callIds: readonly string[]): Promise<TranscriptEntry[]> {
    if (callIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('transcripts')
      .selectAll()
      .where('call_id', 'in', [...callIds])
      .orderBy('at')
      .execute();
    return rows.map(fromTranscriptRow);
  }

  /** Audit entries about these calls, each with its personal data (if not yet erased). */
  async auditForCalls(callIds: readonly string[], caller: string): Promise<(AuditEntry & { pii?: Record<string, string> })[]> {
    const piiRows = await this.db.selectFrom('audit_pii').selectAll().where('caller', '=', caller).execute();
    const piiSeqs = piiRows.map((r) => Number(r.seq));
    if (callIds.length === 0 && piiSeqs.length === 0) return [];
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) => {
        const ors = [];
        if (callIds.length > 0) ors.push(eb('call_id', 'in', [...callIds]));
        if (piiSeqs.length > 0) ors.push(eb('seq', 'in', piiSeqs));
        return eb.or(ors);
      })
      .orderBy('seq')
      .execute();
    const allPii = await this.db
      .selectFrom('audit_pii')
      .selectAll()
      .where('seq', 'in', rows.length ? rows.map((r) => r.seq) : [-1])
      .execute();
    const bySeq = new Map(allPii.map((p) => [Number(p.seq), JSON.parse(p.pii) as Record<string, string>]));
    return rows.map((r) => {
      const pii = bySeq.get(Number(r.seq));
      return pii ? { ...fromAuditRow(r), pii } : fromAuditRow(r);
    });
  }

  /** Deletes the recording row and its key (the vault deletes the file). */
  async deleteRecording(recordingId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recording_keys').where('recording_id', '=', recordingId).execute();
      await trx.deleteFrom('recordings').where('recording_id', '=', recordingId).execute();
    });
  }

  /** Erases transcripts and consent/audit personal data of these calls; hashed rows stay intact. */
  async erasePersonalData(
    callIds: readonly string[],
    caller: string,
  ): Promise<{ transcripts: number; consents: number; auditPii: number }> {
    const at = this.now().toISOString();
    return this.db.transaction().execute(async (trx) => {
      if (callIds.length === 0) return { transcripts: 0, consents: 0, auditPii: 0 };
      const ids = [...callIds];
      const t = await trx.deleteFrom('transcripts').where('call_id', 'in', ids).executeTakeFirst();
      const c = await trx
        .updateTable('consents')
        .set({ pii_caller: null, pii_callee: null, erased_at: at })
        .where('call_id', 'in', ids)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      const a = await trx
        .deleteFrom('audit_pii')
        .where((eb) => eb.or([eb('call_id', 'in', ids), eb.and([eb('call_id', 'is', null), eb('caller', '=', caller)])]))
        .executeTakeFirst();
      return { transcripts: Number(t.numDeletedRows), consents: Number(c.numUpdatedRows), auditPii: Number(a.numDeletedRows) };
    });
  }

  // ── Retention and audit ───────────────────────────────────────────────
  async expiredRecordings(now: Date): Promise<RecordingMeta[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('expires_at', '<=', now.toISOString())
      .orderBy('expires_at')
      .execute();
    return rows.map(fromRecordingRow);
  }

  async listAudit(): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    return rows.map(fromAuditRow);
  }
}
