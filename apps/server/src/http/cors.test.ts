import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryComplianceStore } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultFlow } from '../../test/support/speech.js';
import { createApp } from '../app.js';
import { createTokenStore } from '../auth/token-store.js';
import { createMemoryCallQueue } from '../call/memory-call-queue.js';
import { createMemoryEventLog } from '../call/memory-event-log.js';
import { createRealClock } from '../clock/real-clock.js';
import { parseEnv } from '../env.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { CallHub } from '../ws/call-hub.js';
import { createSqliteOutbox } from '../ws/event-outbox.js';
import { parseAllowedOrigins } from './cors.js';
import { IMMUTABLE } from './static-cache.js';
import { createSqliteWebhookDedup } from './webhook-dedup.js';

const SHOP = 'https://shop.example';

function build(allowedOrigins: string[] = [SHOP]) {
  const db = new Database(':memory:');
  const flow = defaultFlow();
  const tokens = createTokenStore(db);
  const hub = new CallHub(
    {
      flow,
      classifier: createEmbeddedClassifier(flow),
      compliance: createMemoryComplianceStore(),
      eventLog: createMemoryEventLog(),
      outbox: createSqliteOutbox(db),
      clock: createRealClock(),
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics(),
      queue: createMemoryCallQueue(),
    },
    tokens,
    { resumeTokenTtlMs: 60_000 },
  );
  const webDist = mkdtempSync(join(tmpdir(), 'sb-dist-'));
  mkdirSync(join(webDist, 'assets'));
  mkdirSync(join(webDist, 'embed'));
  mkdirSync(join(webDist, 'vendor/vad/0123456789ab'), { recursive: true });
  writeFileSync(join(webDist, 'vendor/vad/0123456789ab/silero_vad_v5.onnx'), 'model');
  writeFileSync(join(webDist, 'vendor/vad/0123456789ab/ort-wasm-simd-threaded.wasm'), '\0asm');
  writeFileSync(join(webDist, 'vendor/vad/0123456789ab/ort-wasm-simd-threaded.mjs'), 'export {}');
  writeFileSync(join(webDist, 'index.html'), '<!doctype html>');
  writeFileSync(join(webDist, 'assets/index-abc123.js'), 'export {}');
  writeFileSync(join(webDist, 'embed/switchboard-voice.js'), 'export {}');
  const { app } = createApp({
    hub,
    tokens,
    dedup: createSqliteWebhookDedup(db),
    readiness: async () => ({ vad: 'ok' }),
    staff: { adminUser: 'admin', sessionTtlMs: 60_000 },
    allowedOrigins,
    webDist,
  });
  return { app, flow };
}

const post = (origin: string | undefined, body?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
  ...(body !== undefined ? { body } : {}),
});

describe('SWITCHBOARD_ALLOWED_ORIGINS', () => {
  it('parses exact origins and names every entry that is not one', () => {
    expect(parseAllowedOrigins(' https://shop.example , http://localhost:5173 ')).toEqual({
      origins: [SHOP, 'http://localhost:5173'],
      problems: [],
    });
    expect(parseAllowedOrigins(undefined)).toEqual({ origins: [], problems: [] });
    const bad = parseAllowedOrigins('*,https://*.shop.example,https://shop.example/widget,shop.example,ftp://x.example');
    expect(bad.origins).toEqual([]);
    expect(bad.problems).toHaveLength(5);
    expect(() => parseEnv({ SWITCHBOARD_ALLOWED_ORIGINS: 'https://shop.example,*' })).toThrow(
      /SWITCHBOARD_ALLOWED_ORIGINS: "\*": wildcards/,
    );
    expect(parseEnv({}).SWITCHBOARD_ALLOWED_ORIGINS).toEqual([]);
    expect(bad.problems.join('\n')).toMatch(
      /wildcards.*\n.*wildcards.*\n.*did you mean https:\/\/shop\.example.*\n.*not an origin.*\n.*must be http/,
    );
  });
});

describe('the widget from another origin (CORS)', () => {
  it('answers a listed origin’s preflight and call with that origin, never *', async () => {
    const { app } = build();
    const pre = await app.request('http://voice.test/api/sessions', {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type');
    const res = await app.request('http://voice.test/api/sessions', post(SHOP, '{"channel":"web","vad":"browser"}'));
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses an unlisted origin with 403 before a call is made, and allows none by default', async () => {
    for (const { app, origin } of [
      { app: build().app, origin: 'https://evil.example' },
      { app: build([]).app, origin: SHOP },
    ]) {
      const res = await app.request('http://voice.test/api/sessions', post(origin, '{}'));
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toContain(`origin ${origin} is not allowed`);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('keeps same-origin and non-browser requests working (host compared, so a TLS proxy is fine)', async () => {
    const { app } = build([]);
    expect((await app.request('http://voice.test/api/sessions', post('https://voice.test', '{}'))).status).toBe(201);
    expect((await app.request('http://voice.test/api/sessions', post(undefined))).status).toBe(201);
  });

  it('checks Origin on the call socket upgrade too', async () => {
    const { app } = build();
    const upgrade = (origin: string) =>
      app.request('http://voice.test/ws/calls/nope', { headers: { origin, upgrade: 'websocket', connection: 'Upgrade' } });
    const refused = await upgrade('https://evil.example');
    expect(refused.status).toBe(403);
    // a listed origin gets past the check to the route itself (which needs a real socket server to upgrade)
    expect((await upgrade(SHOP)).status).not.toBe(403);
  });

  it('shares the embed script with listed origins only', async () => {
    const { app } = build();
    const ok = await app.request('http://voice.test/embed/switchboard-voice.js', { headers: { origin: SHOP } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    const other = await app.request('http://voice.test/embed/switchboard-voice.js', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('flow and language asked for by the embedding page', () => {
  it('starts the call when they match the served flow and names the mismatch otherwise', async () => {
    const { app, flow } = build();
    const ask = (body: string) => app.request('http://voice.test/api/sessions', post(undefined, body));
    expect((await ask(JSON.stringify({ flow: flow.id, language: flow.language }))).status).toBe(201);
    const wrongFlow = await ask('{"flow":"insurance"}');
    expect(wrongFlow.status).toBe(400);
    expect(((await wrongFlow.json()) as { error: string }).error).toBe(
      `flow "insurance" is not served here (this server runs "${flow.id}")`,
    );
    const wrongLanguage = await ask('{"language":"xx"}');
    expect(((await wrongLanguage.json()) as { error: string }).error).toMatch(/language "xx" is not served here/);
    expect((await ask('not json')).status).toBe(400);
  });
});

describe('caching of the built app', () => {
  it('lets content-hashed chunks be cached for a year and revalidates fixed names', async () => {
    const { app } = build();
    expect((await app.request('http://voice.test/assets/index-abc123.js')).headers.get('cache-control')).toBe(IMMUTABLE);
    expect((await app.request('http://voice.test/vendor/vad/0123456789ab/silero_vad_v5.onnx')).headers.get('cache-control')).toBe(
      IMMUTABLE,
    );
    expect((await app.request('http://voice.test/embed/switchboard-voice.js')).headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('http://voice.test/')).headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the WASM as application/wasm and its glue as JavaScript, cached for a year', async () => {
    // WebAssembly.instantiateStreaming (onnxruntime-web's path) refuses any other type and falls
    // back to compiling a copy, which Chromium then keeps no compiled code for
    const { app } = build();
    const wasm = await app.request('http://voice.test/vendor/vad/0123456789ab/ort-wasm-simd-threaded.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('cache-control')).toBe(IMMUTABLE);
    const glue = await app.request('http://voice.test/vendor/vad/0123456789ab/ort-wasm-simd-threaded.mjs');
    expect(glue.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(glue.headers.get('cache-control')).toBe(IMMUTABLE);
  });
});
