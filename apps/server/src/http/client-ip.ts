import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a request came from, for rate limits. Without trusted proxies it is the socket's
 * peer: X-Forwarded-For is then anyone's to forge, so it is ignored. Behind N proxies that each
 * append the address they saw, the client is the N-th entry from the right — entries further left
 * were written by the client and prove nothing (MDN, X-Forwarded-For: "Selecting an IP address").
 */
export function clientIp(c: Context, trustedProxyHops: number): string {
  const peer = socketAddress(c);
  if (trustedProxyHops <= 0) return peer;
  const chain = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - trustedProxyHops] ?? chain[0] ?? peer;
}

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}
