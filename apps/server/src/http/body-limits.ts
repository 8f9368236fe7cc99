import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Largest request body each kind of route takes, checked before anything reads the body:
 * hono/body-limit refuses at once on a Content-Length above the limit, and counts a chunked
 * body as it streams in, refusing as soon as it passes the limit (never buffering more).
 * Our JSON APIs take a few hundred bytes; carrier webhooks are form posts or JSON of a few KB
 * (Twilio's largest, a status callback with every optional field, is under 4 KB); LiveKit's
 * webhook carries one room/participant/track record.
 */
export const BODY_LIMIT_BYTES = {
  api: 16 * 1024,
  webhooks: 64 * 1024,
} as const;

const tooLarge = (maxSize: number): MiddlewareHandler =>
  bodyLimit({
    maxSize,
    onError: (c) => c.json({ error: `request body too large: this route takes at most ${maxSize} bytes`, status: 413 }, 413),
  });

/** Per-route body limits for every POST, PUT and PATCH; mount first, before any route reads a body. */
export function bodyLimits(): MiddlewareHandler {
  const api = tooLarge(BODY_LIMIT_BYTES.api);
  const webhooks = tooLarge(BODY_LIMIT_BYTES.webhooks);
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    return (c.req.path.startsWith('/webhooks/') ? webhooks : api)(c, next);
  };
}
