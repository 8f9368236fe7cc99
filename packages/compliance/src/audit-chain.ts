import { canonicalJson } from './canonical-json.js';
import { maskCardDigitsDeep } from './mask.js';
import { sha256Hex } from './sha256.js';
import type { AuditEntry, AuditInput } from './store.js';

/**
 * The append-only audit log's hash chain (issue 4). Each entry's `hash` is the SHA-256 of the
 * canonical JSON of {seq, at, action, actor, callId, recordingId, payload, prevHash}; `prevHash`
 * is the previous entry's hash (GENESIS_HASH for seq 1). Changing, removing or reordering any
 * entry breaks every later link; `verifyChain` names the first broken seq.
 *
 * Personal data (`AuditInput.pii`) is NOT hashed: stores keep it in a separate table so a DSAR
 * erasure can delete it without breaking the chain. Card-like digit runs in the payload are
 * masked before hashing, so a card number can never be locked into the log.
 *
 * Stores use it like this (inside one transaction):
 *   const entry = await chainEntry(lastEntry, { ...input, at: now.toISOString() });
 *   insert(entry); insertPii(entry.seq, input.pii);
 */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainInput = Omit<AuditInput, 'pii'> & { at: string; pii?: AuditInput['pii'] };

function hashedFields(e: Omit<AuditEntry, 'hash'>): unknown {
  return {
    seq: e.seq,
    at: e.at,
    action: e.action,
    actor: e.actor,
    callId: e.callId ?? null,
    recordingId: e.recordingId ?? null,
    payload: e.payload,
    prevHash: e.prevHash,
  };
}

export async function hashEntry(e: Omit<AuditEntry, 'hash'>): Promise<string> {
  return sha256Hex(canonicalJson(hashedFields(e)));
}

export async function chainEntry(prev: Pick<AuditEntry, 'seq' | 'hash'> | undefined, input: ChainInput): Promise<AuditEntry> {
  const body: Omit<AuditEntry, 'hash'> = {
    seq: prev ? prev.seq + 1 : 1,
    at: input.at,
    action: input.action,
    actor: input.actor,
    payload: maskCardDigitsDeep(input.payload),
    prevHash: prev ? prev.hash : GENESIS_HASH,
  };
  if (input.callId !== undefined) body.callId = input.callId;
  if (input.recordingId !== undefined) body.recordingId = input.recordingId;
  return { ...body, hash: await hashEntry(body) };
}

export type ChainVerdict =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | { ok: false; count: number; firstBrokenSeq: number; reason: string };

/** Checks entries in seq order; the first problem found is reported. */
export async function verifyChain(entries: readonly AuditEntry[]): Promise<ChainVerdict> {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of sorted) {
    const broken = (reason: string): ChainVerdict => ({ ok: false, count: sorted.length, firstBrokenSeq: e.seq, reason });
    if (e.seq !== expectedSeq) return broken(`expected seq ${expectedSeq}, found ${e.seq} (entries missing)`);
    if (e.prevHash !== prevHash) return broken(`prevHash does not match the hash of seq ${e.seq - 1} (one of the two was altered)`);
    const { hash, ...body } = e;
    if ((await hashEntry(body)) !== hash) return broken('contents do not match the hash');
    prevHash = hash;
    expectedSeq += 1;
  }
  return { ok: true, count: sorted.length, headSeq: expectedSeq - 1, headHash: prevHash };
}
