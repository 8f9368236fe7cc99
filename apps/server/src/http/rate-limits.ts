import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { clientIp } from './client-ip.js';

/**
 * Per-address and whole-server limits on the two routes an anonymous sender can make expensive:
 * POST /api/sessions (each session is a call in the queue's future) and staff login (each
 * attempt is a scrypt of ~128 MB). rate-limiter-flexible: well kept, no dependencies, the same
 * API over memory (the default here: one process) or Redis/PostgreSQL when several workers must
 * share counts; it has block durations (back-off) built in — hono-rate-limiter would need a
 * store for that anyway. A limited request is refused before any work: no session is created,
 * no scrypt runs.
 */
export interface AbuseLimitsConfig {
  trustedProxyHops: number;
  sessionsPerIpPerMinute: number;
  sessionsPerMinute: number;
  loginFailuresPerIp: number;
  loginsPerMinute: number;
}

const MINUTE_S = 60;
const LOGIN_WINDOW_S = 15 * 60;

export interface AbuseLimits {
  sessions: MiddlewareHandler;
  login: MiddlewareHandler;
}

export function abuseLimits(config: AbuseLimitsConfig): AbuseLimits {
  // One address past its share is blocked for a further minute (back-off): a flood that keeps
  // going keeps being refused cheaply, while everyone else's sessions still fit under the global limit.
  const sessionsPerIp = new RateLimiterMemory({
    keyPrefix: 'sessions-ip',
    points: config.sessionsPerIpPerMinute,
    duration: MINUTE_S,
    blockDuration: MINUTE_S,
  });
  const sessionsAll = new RateLimiterMemory({ keyPrefix: 'sessions', points: config.sessionsPerMinute, duration: MINUTE_S });
  // Every attempt counts until one succeeds (a success clears the address): counting only
  // failures would let 50 parallel attempts all start their scrypt before the first one failed.
  const loginPerIp = new RateLimiterMemory({
    keyPrefix: 'login-ip',
    points: config.loginFailuresPerIp,
    duration: LOGIN_WINDOW_S,
    blockDuration: LOGIN_WINDOW_S,
  });
  const loginAll = new RateLimiterMemory({ keyPrefix: 'login', points: config.loginsPerMinute, duration: MINUTE_S });
  const ip = (c: Context) => clientIp(c, config.trustedProxyHops);

  return {
    sessions: async (c, next) => {
      const refused =
        (await take(sessionsPerIp, ip(c), 'too many new calls from your address')) ??
        (await take(sessionsAll, 'all', 'the service is taking too many new calls'));
      if (refused) return refused(c);
      await next();
    },
    login: async (c, next) => {
      const address = ip(c);
      const refused =
        (await take(loginPerIp, address, 'too many login attempts from your address')) ??
        (await take(loginAll, 'all', 'too many login attempts'));
      if (refused) return refused(c);
      await next();
      if (c.res.status === 200) await loginPerIp.delete(address);
    },
  };
}

type Refusal = (c: Context) => Response;

/** Consumes one point; a refusal is a 429 with Retry-After (whole seconds, RFC 9110 §10.2.3). */
async function take(limiter: RateLimiterMemory, key: string, message: string): Promise<Refusal | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    return (c) =>
      c.json({ error: `${message}; try again in ${retryAfterSeconds} s`, status: 429 }, 429, { 'retry-after': String(retryAfterSeconds) });
  }
}
