import { verifyChain } from '@switchboard/compliance';
import { type AuditHead, readAuditHead } from './audit-head.js';
import type { SqlComplianceStore } from './sql-compliance-store.js';

/**
 * `audit verify`: recompute the whole chain, then compare with the head published outside the
 * database. The published head may trail the database by entries appended after it was last
 * written (a crash between commit and publish); it must never be ahead of it or disagree.
 */
export type AuditVerdict =
  | { ok: true; count: number; headSeq: number; headHash: string; publishedSeq: number | null; unpublished: number }
  | { ok: false; firstBrokenSeq: number; reason: string };

export async function verifyAudit(store: SqlComplianceStore): Promise<AuditVerdict> {
  const entries = await store.listAudit();
  const chain = await verifyChain(entries);
  if (!chain.ok) return { ok: false, firstBrokenSeq: chain.firstBrokenSeq, reason: chain.reason };
  let published: AuditHead | undefined;
  try {
    published = readAuditHead(store.conn.headPath);
  } catch (error) {
    return { ok: false, firstBrokenSeq: chain.headSeq, reason: `published head ${store.conn.headPath} is unreadable: ${String(error)}` };
  }
  if (published) {
    if (published.seq > chain.headSeq) {
      return {
        ok: false,
        firstBrokenSeq: chain.headSeq + 1,
        reason: `entries ${chain.headSeq + 1}..${published.seq} are missing (published head is seq ${published.seq})`,
      };
    }
    const at = entries.find((e) => e.seq === published.seq);
    if (published.seq > 0 && at?.hash !== published.hash) {
      return {
        ok: false,
        firstBrokenSeq: published.seq,
        reason: `hash of seq ${published.seq} differs from the published head (history rewritten)`,
      };
    }
  } else if (chain.headSeq > 0) {
    return { ok: false, firstBrokenSeq: 1, reason: `no published head at ${store.conn.headPath} for a non-empty log` };
  }
  return {
    ok: true,
    count: chain.count,
    headSeq: chain.headSeq,
    headHash: chain.headHash,
    publishedSeq: published?.seq ?? null,
    unpublished: chain.headSeq - (published?.seq ?? 0),
  };
}
