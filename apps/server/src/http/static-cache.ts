import type { MiddlewareHandler } from 'hono';

/** A year: the longest lifetime caches honour; the file name changes whenever its content does. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Cache-Control for the built web app. Vite names its chunks by content hash (`/assets/*`, the
 * embed's `/embed/chunks/*`) and the VAD model/WASM sit in a folder named by theirs
 * (`/vendor/vad/<12 hex>/`), so browsers and CDNs may keep them for a year without asking.
 * Files with fixed names — the pages, the embed entry a business's <script> tag points at and
 * the worklets — are revalidated each time, so a deploy reaches every visitor on their next load.
 */
export function staticCacheHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status !== 200 || c.res.headers.has('cache-control')) return;
    c.header('Cache-Control', cacheControlFor(c.req.path));
  };
}

/** The rule above for one URL path (also used by `vite preview`, so the bench sees what visitors get). */
export function cacheControlFor(path: string): string {
  const hashed = path.startsWith('/assets/') || path.startsWith('/embed/chunks/') || /^\/vendor\/vad\/[0-9a-f]{12}\//.test(path);
  return hashed ? IMMUTABLE : 'no-cache';
}
