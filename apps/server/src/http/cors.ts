import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';

/**
 * Which other web origins may embed the widget (SWITCHBOARD_ALLOWED_ORIGINS, docs/embedding.md).
 * Same-origin always works; every other origin must be listed exactly (scheme, host, port).
 */
export interface OriginPolicy {
  /** Origins as browsers send them: `https://shop.example`, `http://localhost:5173`. */
  allowed: ReadonlySet<string>;
  /** SWITCHBOARD_PUBLIC_URL, when the server sits behind a proxy that changes the Host it sees. */
  publicUrl?: string;
}

/**
 * Parses the comma-separated list. Each entry must be a bare origin — no path, no wildcard:
 * a `*` would let any site start calls with the visitor's microphone under our name.
 * Returns the problems instead of throwing so env.ts can name them all.
 */
export function parseAllowedOrigins(raw: string | undefined): { origins: string[]; problems: string[] } {
  const origins: string[] = [];
  const problems: string[] = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (entry === '*' || entry.includes('*')) {
      problems.push(`"${entry}": wildcards are not allowed; list each origin`);
      continue;
    }
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      problems.push(`"${entry}" is not an origin such as https://shop.example`);
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`"${entry}" must be http(s)`);
    else if (url.origin !== entry.replace(/\/$/, ''))
      problems.push(`"${entry}" must be only scheme://host[:port] (did you mean ${url.origin}?)`);
    else origins.push(url.origin);
  }
  return { origins, problems };
}

/** True when the request's Origin is absent (not a browser), our own, or listed. */
export function originAllowed(c: Context, policy: OriginPolicy): boolean {
  const origin = c.req.header('origin');
  if (!origin) return true;
  if (policy.allowed.has(origin)) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed iframes, file://) and garbage
  }
  // Compare hosts, not whole origins: behind a TLS-terminating proxy we see http:// for an https:// page.
  if (host === (c.req.header('host') ?? new URL(c.req.url).host)) return true;
  return policy.publicUrl !== undefined && host === new URL(policy.publicUrl).host;
}

/**
 * CORS for the widget's API and assets: listed origins get Access-Control-Allow-Origin (never
 * `*`, never credentials — the widget's calls carry their own resume token, not cookies). On the
 * API a browser request from any other foreign origin is refused with 403 before a route runs,
 * so even a "simple" cross-site POST cannot open a call.
 */
export function widgetCors(policy: OriginPolicy, { refuse }: { refuse: boolean }): MiddlewareHandler {
  const headers = cors({
    origin: (origin) => (policy.allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST'],
    allowHeaders: ['content-type'],
    maxAge: 600,
  });
  return async (c, next) => {
    if (refuse && !originAllowed(c, policy))
      throw new HTTPException(403, { message: `origin ${c.req.header('origin')} is not allowed (SWITCHBOARD_ALLOWED_ORIGINS)` });
    return headers(c, next);
  };
}

/**
 * The WebSocket upgrade carries no CORS: browsers send Origin and connect whatever we answer,
 * so the check is ours (cross-site WebSocket hijacking). Same rule as the API.
 */
export function checkSocketOrigin(policy: OriginPolicy): MiddlewareHandler {
  return async (c, next) => {
    if (!originAllowed(c, policy))
      throw new HTTPException(403, { message: `origin ${c.req.header('origin')} is not allowed (SWITCHBOARD_ALLOWED_ORIGINS)` });
    await next();
  };
}
