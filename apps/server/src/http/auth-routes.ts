import { bulkhead, isBulkheadRejectedError } from 'cockatiel';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { verifyPassword } from '../auth/password.js';
import { STAFF_COOKIE, staffFrom } from '../auth/staff-auth.js';
import type { TokenStore } from '../auth/token-store.js';

const LoginSchema = z.strictObject({ user: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

/** Staff login with a scrypt-hashed password → an HttpOnly session cookie (also usable as a bearer). */
export function authRoutes(tokens: TokenStore, options: { adminUser: string; adminPasswordHash?: string; sessionTtlMs: number; secureCookies: boolean }) {
  // One password check at a time, a few waiting: each scrypt holds ~128 MB (N=2^17, r=8) and a
  // libuv thread, so parallel attempts that got past the rate limits (http/rate-limits.ts) still
  // cannot stack up memory or take every thread from file and DNS work. More waiting → 429.
  const passwordChecks = bulkhead(1, 8);
  return new Hono()
    .post('/api/auth/login', async (c) => {
      const parsed = LoginSchema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) throw new HTTPException(400, { message: 'send {"user", "password"} as JSON' });
      if (!options.adminPasswordHash) throw new HTTPException(503, { message: 'staff login is not configured (SWITCHBOARD_ADMIN_PASSWORD_HASH)' });
      const { user, password } = parsed.data;
      // Verify even for an unknown user so timing does not reveal which names exist.
      const hash = options.adminPasswordHash;
      const ok = await passwordChecks.execute(() => verifyPassword(password, hash)).then(
        (verified) => verified && user === options.adminUser,
        (error: unknown) => {
          if (isBulkheadRejectedError(error)) throw new HTTPException(429, { message: 'too many logins at once; try again shortly' });
          throw error;
        },
      );
      if (!ok) throw new HTTPException(401, { message: 'wrong user or password' });
      const token = tokens.issue('staff', user, options.sessionTtlMs);
      setCookie(c, STAFF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: options.secureCookies, maxAge: Math.floor(options.sessionTtlMs / 1000) });
      return c.json({ user, token });
    })
    .post('/api/auth/logout', (c) => {
      const header = c.req.header('authorization');
      const token = header?.startsWith('Bearer ') ? header.slice(7) : c.req.header('cookie')?.match(new RegExp(`${STAFF_COOKIE}=([^;]+)`))?.[1];
      if (token) tokens.revoke('staff', token);
      deleteCookie(c, STAFF_COOKIE, { path: '/' });
      return c.json({ ok: true });
    })
    .get('/api/auth/me', (c) => {
      const staff = staffFrom(c, tokens);
      if (!staff) throw new HTTPException(401, { message: 'not logged in' });
      return c.json({ user: staff });
    });
}
