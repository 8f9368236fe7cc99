import { CarrierError } from '../carrier-adapter.js';
import type { FetchLike } from '../clock.js';
import { type DialResult, resultOfHttpStatus, resultOfNetworkError } from '../dial-result.js';

export interface JsonReply {
  status: number;
  retryAfter: string | null;
  /** `undefined` when the body was not JSON (garbage from a carrier is data, not a crash). */
  json: unknown;
}

export async function fetchJson(fetch: FetchLike, url: string, init: RequestInit, signal: AbortSignal): Promise<JsonReply> {
  const response = await fetch(url, { ...init, signal });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, retryAfter: response.headers.get('retry-after'), json };
}

/** Runs a create-call request and maps every way it can go to a DialResult (never throws). */
export async function dial(
  fetch: FetchLike,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
  readBody: (json: unknown) => DialResult | null,
): Promise<DialResult> {
  let reply: JsonReply;
  try {
    reply = await fetchJson(fetch, url, init, signal);
  } catch (error) {
    if (signal.aborted) return { kind: 'unknown', error: 'timeout' };
    return resultOfNetworkError(error);
  }
  const byStatus = resultOfHttpStatus(reply.status, reply.retryAfter);
  if (byStatus) return byStatus;
  // A 2xx we cannot read may still have dialled: "unknown", resolved by lookup.
  return readBody(reply.json) ?? { kind: 'unknown', error: 'garbage-response' };
}

/** For lookup/status/hangup: a non-2xx or unreadable reply is a CarrierError. */
export async function expectJson(fetch: FetchLike, url: string, init: RequestInit, signal: AbortSignal): Promise<unknown> {
  let reply: JsonReply;
  try {
    reply = await fetchJson(fetch, url, init, signal);
  } catch (error) {
    throw new CarrierError(signal.aborted ? 'timeout' : 'network', true, error instanceof Error ? error.message : String(error));
  }
  if (reply.status < 200 || reply.status >= 300) throw new CarrierError(String(reply.status), reply.status >= 500 || reply.status === 429);
  if (reply.json === undefined) throw new CarrierError('garbage-response', true);
  return reply.json;
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${toBase64(`${user}:${password}`)}`;
}

/** UTF-8 safe base64 with the platform's btoa (no Buffer: this package runs in browsers too). */
export function toBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
