import { existsSync } from 'node:fs';
import {
  type AuditEntry,
  announcementFor,
  buildConsentEvidence,
  newRecordingId,
  recordConsentDecision,
  resolveJurisdiction,
  retentionExpiry,
} from '@switchboard/compliance';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../../../test/support/temp-store.js';
import { createRecordingVault, type RecordingVault } from '../recordings/recording-vault.js';
import type { SqlComplianceStore } from './sql-compliance-store.js';
import { openSqliteStore } from './sqlite-store.js';

const SUBJECT = '+4930901820';
const OTHER = '+442079460958';

/** One call by `caller`: consent, a recording with encrypted audio, a transcript line. */
async function seedCall(store: SqlComplianceStore, vault: RecordingVault, caller: string, callId: string): Promise<string> {
  const jurisdiction = resolveJurisdiction(caller);
  const startedAt = '2026-11-25T10:00:00.000Z';
  await recordConsentDecision(
    store,
    buildConsentEvidence({
      callId,
      caller,
      jurisdiction,
      decision: 'granted',
      method: 'dtmf',
      announcement: await announcementFor(jurisdiction.regime, 'en'),
      announcementCompleted: true,
      decidedAt: new Date(startedAt),
      offsetMs: 3000,
    }),
  );
  const recordingId = newRecordingId();
  const writer = await vault.create(recordingId);
  writer.append(new Uint8Array(640).fill(7));
  await writer.close();
  await store.createRecording({
    recordingId,
    callId,
    jurisdiction: jurisdiction.code,
    retentionDays: jurisdiction.retentionDays,
    startedAt,
    expiresAt: retentionExpiry(startedAt, jurisdiction.retentionDays),
    status: 'stopped',
    path: writer.path,
    pii: { caller },
  });
  await store.appendAudit({
    action: 'recording.started',
    actor: 'system',
    callId,
    recordingId,
    payload: { retentionDays: jurisdiction.retentionDays },
  });
  await store.appendTranscript({
    callId,
    role: 'caller',
    text: `my account is 12345, card 4111 1111 1111 1111`,
    at: startedAt,
    offsetMs: 9000,
    pii: { caller },
  });
  return recordingId;
}

// Each case spawns the real CLI (tsx start-up is seconds on a loaded 2-core machine): generous timeout.
describe('switchboard dsar / hold / audit against a real SQLite file', { timeout: 180_000 }, () => {
  const tmp = tempDataDir();
  const db = ['--db', tmp.dbPath];
  let subjectRecordings: string[] = [];
  let otherRecording = '';

  beforeAll(async () => {
    const store = await openSqliteStore(tmp.dbPath);
    const vault = createRecordingVault({ dir: tmp.recordingsDir, keys: store });
    subjectRecordings = [
      await seedCall(store, vault, SUBJECT, 'call-1'),
      await seedCall(store, vault, SUBJECT, 'call-2'),
      await seedCall(store, vault, SUBJECT, 'call-3'),
    ];
    otherRecording = await seedCall(store, vault, OTHER, 'call-9');
    await store.close();
  });
  afterAll(() => tmp.cleanup());

  it('export lists everything held about the caller, and nothing about others', () => {
    const res = runCli(['dsar', 'export', '--caller', SUBJECT, ...db]);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.callIds).toEqual(['call-1', 'call-2', 'call-3']);
    expect(out.recordings.map((r: { recordingId: string }) => r.recordingId).sort()).toEqual([...subjectRecordings].sort());
    expect(out.consents).toHaveLength(3);
    expect(out.transcripts[0].text).toBe('my account is 12345, card **** **** **** ****');
    expect(out.audit.some((e: { pii?: { caller: string } }) => e.pii?.caller === SUBJECT)).toBe(true);
    expect(res.stdout).not.toContain(OTHER);
  });

  it('erase keeps the held recording with its reason; the rest is gone from disk and DB; the chain verifies', async () => {
    const held = subjectRecordings[1] ?? '';
    const hold = runCli(['hold', 'set', '--recording', held, '--reason', 'litigation 2026-114', '--by', 'legal@acme', ...db]);
    expect(hold.code, hold.stderr).toBe(0);

    const res = runCli([
      'dsar',
      'erase',
      '--caller',
      SUBJECT,
      '--requested-by',
      'dpo@acme',
      '--verified-by',
      'callback to number on file',
      ...db,
    ]);
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.kept).toContainEqual({ kind: 'recording', id: held, reason: 'legal hold: litigation 2026-114' });
    expect(report.erasedRecordings.sort()).toEqual(subjectRecordings.filter((r) => r !== held).sort());

    const store = await openSqliteStore(tmp.dbPath);
    const vault = createRecordingVault({ dir: tmp.recordingsDir, keys: store });
    try {
      for (const id of subjectRecordings.filter((r) => r !== held)) {
        expect(await store.getRecording(id)).toBeUndefined();
        expect(await store.getKey(id)).toBeUndefined();
        expect(existsSync(vault.pathFor(id))).toBe(false);
      }
      expect((await store.getRecording(held))?.pii.caller).toBe(SUBJECT);
      expect((await vault.read(held)).audio).toEqual(Buffer.alloc(640, 7));
      // Personal data of erased calls is gone; the held call's evidence stays.
      expect((await store.consentsForCall('call-1'))[0]?.pii.caller).toBe('[erased]');
      expect((await store.consentsForCall('call-2'))[0]?.pii.caller).toBe(SUBJECT);
      expect(await store.transcriptsForCalls(['call-1', 'call-3'])).toEqual([]);
      expect(await store.transcriptsForCalls(['call-2'])).toHaveLength(1);
      // The other caller is untouched.
      expect((await vault.read(otherRecording)).complete).toBe(true);
      expect((await store.consentsForCall('call-9'))[0]?.pii.caller).toBe(OTHER);
      const last = (await store.listAudit()).at(-1);
      expect(last).toMatchObject({ action: 'dsar.erased', actor: 'dpo@acme', payload: { verifiedBy: 'callback to number on file' } });
      expect(JSON.stringify(await store.listAudit())).not.toContain(SUBJECT);
    } finally {
      await store.close();
    }
    // The subject's number survives only where a hold keeps it.
    const raw = new Database(tmp.dbPath, { readonly: true });
    const rows = raw.prepare('SELECT call_id FROM consents WHERE pii_caller = ?').all(SUBJECT);
    raw.close();
    expect(rows).toEqual([{ call_id: 'call-2' }]);

    const verify = runCli(['audit', 'verify', ...db]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, unpublished: 0 });
  });

  it('lifting the hold lets a second erasure take the rest', () => {
    const held = subjectRecordings[1] ?? '';
    const lift = runCli(['hold', 'lift', '--recording', held, '--reason', 'case closed', '--by', 'legal@acme', ...db]);
    expect(JSON.parse(lift.stdout)).toEqual({ recordingId: held, lifted: 1 });
    const res = runCli(['dsar', 'erase', '--caller', SUBJECT, '--requested-by', 'dpo@acme', '--verified-by', 'id document', ...db]);
    expect(JSON.parse(res.stdout)).toMatchObject({ erasedRecordings: [held], kept: [] });
  });

  it('a tampered audit row makes `audit verify` fail naming it', () => {
    const raw = new Database(tmp.dbPath);
    raw.prepare(`UPDATE audit_log SET payload = '{"retentionDays":3650}' WHERE seq = 4`).run();
    raw.close();
    const res = runCli(['audit', 'verify', ...db]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/audit chain broken at seq 4: contents do not match the hash/);
  });

  it('a rewritten history that recomputes every hash still disagrees with the published head', async () => {
    const store = await openSqliteStore(tmp.dbPath);
    const entries = await store.listAudit();
    await store.close();
    const { chainEntry } = await import('@switchboard/compliance');
    const raw = new Database(tmp.dbPath);
    // Forge: drop the last entry and re-chain the rest so every link checks out.
    let prev: AuditEntry | undefined;
    const update = raw.prepare('UPDATE audit_log SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?');
    for (const e of entries.slice(0, -1)) {
      const forged = await chainEntry(prev, { ...e, payload: e.seq === 4 ? { retentionDays: 3650 } : e.payload });
      update.run(JSON.stringify(forged.payload), forged.prevHash, forged.hash, e.seq);
      prev = forged;
    }
    raw.prepare('DELETE FROM audit_log WHERE seq = ?').run(entries.at(-1)?.seq);
    raw.close();
    const res = runCli(['audit', 'verify', ...db]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`seq ${entries.length}: entries ${entries.length}\\.\\.${entries.length} are missing`));
  });

  it('never creates a database for a mistyped --db', () => {
    const res = runCli(['audit', 'verify', '--db', `${tmp.dir}/typo.db`]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no database at .*typo\.db/);
    expect(existsSync(`${tmp.dir}/typo.db`)).toBe(false);
  });

  it('rejects a malformed caller with exit 2', () => {
    const res = runCli(['dsar', 'erase', '--caller', '030 901820', '--requested-by', 'x', '--verified-by', 'y', ...db]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/E\.164/);
  });
});
