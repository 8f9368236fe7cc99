import type { RecordingVault } from '../recordings/recording-vault.js';
import type { SqlComplianceStore } from './sql-compliance-store.js';

/**
 * Deletes recordings whose retention has expired (files, keys and rows), except those under an
 * active legal hold, which are reported and kept. `now` is an argument so tests and the
 * simulator control time; the server calls this on a timer (e.g. hourly) with the real clock.
 * Each deletion is audited ("recording.expired"); the audit holds no personal data.
 */
export interface SweepResult {
  deleted: string[];
  held: { recordingId: string; reason: string }[];
}

export async function sweepExpiredRecordings(store: SqlComplianceStore, vault: RecordingVault, now: Date): Promise<SweepResult> {
  const expired = await store.expiredRecordings(now);
  const holds = await store.activeHolds(expired.map((r) => r.recordingId));
  const reasonOf = new Map<string, string>();
  for (const h of holds) reasonOf.set(h.recordingId, [reasonOf.get(h.recordingId), h.reason].filter(Boolean).join('; '));
  const result: SweepResult = { deleted: [], held: [] };
  for (const rec of expired) {
    const reason = reasonOf.get(rec.recordingId);
    if (reason !== undefined) {
      result.held.push({ recordingId: rec.recordingId, reason });
      continue;
    }
    await vault.destroy(rec.recordingId);
    await store.deleteRecording(rec.recordingId);
    await store.appendAudit({
      action: 'recording.expired',
      actor: 'system',
      callId: rec.callId,
      recordingId: rec.recordingId,
      payload: { retentionDays: rec.retentionDays, expiresAt: rec.expiresAt, sweptAt: now.toISOString() },
    });
    result.deleted.push(rec.recordingId);
  }
  return result;
}
