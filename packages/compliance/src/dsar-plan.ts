import type { LegalHold } from './store.js';

/**
 * What a DSAR erasure deletes and what it must keep (issue 4): recordings, transcripts and
 * consent-linked personal data go, except items under an active legal hold, which stay and are
 * reported with the hold's reason. A held recording keeps its whole call (transcript, consent
 * evidence): the hold preserves the evidence of that call, not just the audio.
 *
 * Pure: the store gathers the inventory, this decides, the store executes and audits.
 */
export interface DsarInventory {
  /** Every call the subject took part in. */
  callIds: readonly string[];
  recordings: readonly { recordingId: string; callId: string }[];
  /** Active holds (lifted ones excluded by the store). */
  holds: readonly Pick<LegalHold, 'recordingId' | 'reason'>[];
}

export interface KeptItem {
  kind: 'recording' | 'call';
  id: string;
  reason: string;
}

export interface ErasurePlan {
  eraseRecordings: string[];
  /** Calls whose transcripts and consent/audit personal data are erased. */
  eraseCalls: string[];
  kept: KeptItem[];
}

export function planErasure(inv: DsarInventory): ErasurePlan {
  const reasons = new Map<string, string[]>();
  for (const h of inv.holds) reasons.set(h.recordingId, [...(reasons.get(h.recordingId) ?? []), h.reason]);
  const kept: KeptItem[] = [];
  const eraseRecordings: string[] = [];
  const heldCalls = new Map<string, string[]>();
  for (const r of inv.recordings) {
    const why = reasons.get(r.recordingId);
    if (why) {
      const reason = `legal hold: ${why.join('; ')}`;
      kept.push({ kind: 'recording', id: r.recordingId, reason });
      heldCalls.set(r.callId, [...(heldCalls.get(r.callId) ?? []), `recording ${r.recordingId} is under ${reason}`]);
    } else {
      eraseRecordings.push(r.recordingId);
    }
  }
  const eraseCalls: string[] = [];
  for (const callId of new Set([...inv.callIds, ...inv.recordings.map((r) => r.callId)])) {
    const why = heldCalls.get(callId);
    if (why) kept.push({ kind: 'call', id: callId, reason: why.join('; ') });
    else eraseCalls.push(callId);
  }
  return { eraseRecordings, eraseCalls, kept };
}
