import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/**
 * The `source` label of a webhook metric: the sender segment of /webhooks/<source>/… only when
 * a registered route names it literally (the configured carriers, livekit), else "unknown".
 * Taking it from the raw path made one series per junk path (2,000 requests → 2,003 series).
 * Call after next(): the routes that matched are known then.
 */
export function webhookSourceLabel(c: Context): string {
  const source = c.req.path.split('/')[2] ?? '';
  if (!source || c.res.status === 404) return 'unknown';
  const prefix = `/webhooks/${source}`;
  const named = matchedRoutes(c).some((route) => route.path === prefix || route.path.startsWith(`${prefix}/`));
  return named ? source : 'unknown';
}
