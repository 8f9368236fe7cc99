import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import type { TokenStore } from './token-store.js';

export const STAFF_COOKIE = 'sb_staff';

/** The staff session from the cookie or an `Authorization: Bearer` header, if valid. */
export function staffFrom(c: Context, tokens: TokenStore): string | undefined {
  const header = c.req.header('authorization');
  const bearer = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
  const token = bearer ?? getCookie(c, STAFF_COOKIE);
  if (!token) return undefined;
  const check = tokens.check('staff', token);
  return check.ok ? check.subject : undefined;
}

/** Staff-only routes: 401 without a valid session (visitors only ever hold call tokens). */
export function requireStaff(tokens: TokenStore): MiddlewareHandler<{ Variables: { staff: string } }> {
  return async (c, next) => {
    const staff = staffFrom(c, tokens);
    if (!staff) throw new HTTPException(401, { message: 'staff login required' });
    c.set('staff', staff);
    await next();
  };
}
