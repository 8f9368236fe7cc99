import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createTokenStore } from './token-store.js';

describe('token store', () => {
  it('checks kind, subject and expiry, and keeps only hashes', () => {
    let now = 1_000;
    const db = new Database(':memory:');
    const store = createTokenStore(db, () => now);
    const token = store.issue('call', 'call-1', 60_000);
    expect(store.check('call', token, 'call-1')).toEqual({ ok: true, subject: 'call-1' });
    expect(store.check('call', token, 'call-2')).toEqual({ ok: false, reason: 'wrong-subject' });
    expect(store.check('staff', token)).toEqual({ ok: false, reason: 'unknown' });
    expect(store.check('call', 'nope')).toEqual({ ok: false, reason: 'unknown' });
    const rows = db.prepare('SELECT token_hash FROM auth_tokens').all() as { token_hash: string }[];
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    now += 60_001;
    expect(store.check('call', token, 'call-1')).toEqual({ ok: false, reason: 'expired' });
  });
});
