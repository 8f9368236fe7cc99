import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Bearer tokens kept as SHA-256 hashes in SQLite, so they survive a restart (a visitor's
 * resumeToken must still open its call after kill -9) and a leaked database does not leak
 * usable tokens. `kind` separates visitor call tokens from staff sessions.
 */
export type TokenKind = 'call' | 'staff';

export type TokenCheck = { ok: true; subject: string } | { ok: false; reason: 'unknown' | 'expired' | 'wrong-subject' };

export interface TokenStore {
  issue(kind: TokenKind, subject: string, ttlMs: number): string;
  /** When `subject` is given, the token must have been issued for it (a call's token opens only that call). */
  check(kind: TokenKind, token: string, subject?: string): TokenCheck;
  revoke(kind: TokenKind, token: string): void;
  /** Subjects with a live call token (calls to resume after a restart). */
  hasSubject(kind: TokenKind, subject: string): boolean;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export function createTokenStore(db: Database.Database, now: () => number = Date.now): TokenStore {
  db.exec(`CREATE TABLE IF NOT EXISTS auth_tokens (
    token_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS auth_tokens_subject ON auth_tokens (kind, subject);`);
  const insert = db.prepare('INSERT INTO auth_tokens (token_hash, kind, subject, expires_at_ms) VALUES (?, ?, ?, ?)');
  const select = db.prepare<[string, string], { subject: string; expires_at_ms: number }>('SELECT subject, expires_at_ms FROM auth_tokens WHERE token_hash = ? AND kind = ?');
  const remove = db.prepare('DELETE FROM auth_tokens WHERE token_hash = ? AND kind = ?');
  const bySubject = db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM auth_tokens WHERE kind = ? AND subject = ?');
  return {
    issue(kind, subject, ttlMs) {
      const token = randomBytes(32).toString('base64url');
      insert.run(hash(token), kind, subject, now() + ttlMs);
      return token;
    },
    check(kind, token, subject) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 200) return { ok: false, reason: 'unknown' };
      const row = select.get(hash(token), kind);
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.expires_at_ms <= now()) return { ok: false, reason: 'expired' };
      if (subject !== undefined && row.subject !== subject) return { ok: false, reason: 'wrong-subject' };
      return { ok: true, subject: row.subject };
    },
    revoke(kind, token) {
      remove.run(hash(token), kind);
    },
    hasSubject(kind, subject) {
      return (bySubject.get(kind, subject)?.n ?? 0) > 0;
    },
  };
}
