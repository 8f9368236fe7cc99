import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, verifyChain } from './audit-chain.js';
import type { AuditEntry } from './store.js';

async function chainOf(n: number): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    entries.push(
      await chainEntry(entries.at(-1), {
        action: 'test.event',
        actor: 'system',
        callId: `call-${i}`,
        at: new Date(Date.UTC(2026, 10, 25, 12, 0, i)).toISOString(),
        payload: { i, nested: { b: 2, a: 1 } },
      }),
    );
  }
  return entries;
}

describe('audit hash chain', () => {
  it('links each entry to the previous one from the genesis hash', async () => {
    const entries = await chainOf(3);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyChain(entries)).toEqual({ ok: true, count: 3, headSeq: 3, headHash: entries[2]?.hash });
  });

  it('hash does not depend on key order (as a database may return it)', async () => {
    const [e] = await chainOf(1);
    if (!e) throw new Error('no entry');
    const reordered = { ...e, payload: { nested: { a: 1, b: 2 }, i: 0 } };
    expect((await verifyChain([reordered])).ok).toBe(true);
  });

  it('names the first altered entry', async () => {
    const entries = await chainOf(5);
    const tampered = entries.map((e) => (e.seq === 3 ? { ...e, payload: { ...e.payload, i: 99 } } : e));
    expect(await verifyChain(tampered)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('a rewritten hash breaks the next link', async () => {
    const entries = await chainOf(4);
    const tampered = entries.map((e) => (e.seq === 2 ? { ...e, hash: 'f'.repeat(64) } : e));
    expect(await verifyChain(tampered)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('a deleted entry is found', async () => {
    const entries = await chainOf(4);
    expect(await verifyChain(entries.filter((e) => e.seq !== 2))).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('personal data is not part of the hash', async () => {
    const base = { action: 'consent.decided', actor: 'system', at: '2026-11-25T12:00:00.000Z', payload: { decision: 'granted' } };
    const a = await chainEntry(undefined, { ...base, pii: { caller: '+4930901820' } });
    const b = await chainEntry(undefined, { ...base, pii: { caller: '+4930901821' } });
    expect(a.hash).toBe(b.hash);
    expect(JSON.stringify(a)).not.toContain('+4930901820');
  });
});
