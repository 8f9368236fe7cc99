import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryComplianceStore } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultFlow } from '../../test/support/speech.js';
import { type AppDeps, createApp, DEFAULT_ABUSE_LIMITS } from '../app.js';
import { hashPassword } from '../auth/password.js';
import { createTokenStore } from '../auth/token-store.js';
import { createMemoryCallQueue } from '../call/memory-call-queue.js';
import { createMemoryEventLog } from '../call/memory-event-log.js';
import { createRealClock } from '../clock/real-clock.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { CallHub } from '../ws/call-hub.js';
import { createSqliteOutbox } from '../ws/event-outbox.js';
import { BODY_LIMIT_BYTES } from './body-limits.js';
import { createSqliteWebhookDedup } from './webhook-dedup.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-abuse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function build(overrides: Partial<AppDeps> = {}) {
  const db = new Database(':memory:');
  const flow = defaultFlow();
  const tokens = createTokenStore(db);
  const metrics = createMetrics();
  const hub = new CallHub(
    {
      flow,
      classifier: createEmbeddedClassifier(flow),
      compliance: createMemoryComplianceStore(),
      eventLog: createMemoryEventLog(),
      outbox: createSqliteOutbox(db),
      clock: createRealClock(),
      logger: createLogger({ level: 'silent' }),
      metrics,
      queue: createMemoryCallQueue(),
    },
    tokens,
    { resumeTokenTtlMs: 60_000 },
  );
  const { app } = createApp({
    hub,
    tokens,
    dedup: createSqliteWebhookDedup(db),
    readiness: async () => ({ database: 'ok' }),
    staff: { adminUser: 'admin', adminPasswordHash: await hashPassword('pw', { N: 1024, r: 8, p: 1 }), sessionTtlMs: 60_000 },
    ...overrides,
  });
  return { app, metrics, db };
}

const login = (password: string, ip?: string) => ({
  method: 'POST',
  body: JSON.stringify({ user: 'admin', password }),
  headers: { 'content-type': 'application/json', ...(ip ? { 'x-forwarded-for': ip } : {}) },
});

describe('body limits (hono/body-limit, before any route reads the body)', () => {
  it('refuses on Content-Length alone, and a chunked body as soon as it passes the limit', async () => {
    const { app } = await build();
    const declared = await app.request('/api/sessions', {
      method: 'POST',
      headers: { 'content-length': String(100 * 1024 * 1024) },
      body: 'x',
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      error: `request body too large: this route takes at most ${BODY_LIMIT_BYTES.api} bytes`,
      status: 413,
    });

    // A stream with no length: counted as it arrives; the producer is not read to the end.
    let pulled = 0;
    const chunk = new Uint8Array(8 * 1024);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        if (pulled > 100 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const chunked = await app.request('/webhooks/livekit', { method: 'POST', body: endless, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(pulled).toBeLessThan(BODY_LIMIT_BYTES.webhooks + 4 * chunk.length);

    // Within the limit the route still gets the whole body (here: LiveKit not configured → 404 JSON).
    const small = await app.request('/webhooks/livekit', { method: 'POST', body: '{"event":"room_started"}' });
    expect(small.status).toBe(404);
  });
});

describe('rate limits (rate-limiter-flexible)', () => {
  it('refuses a flood of sessions from one address with 429 and Retry-After, while another address still gets in', async () => {
    const { app } = await build({ limits: { ...DEFAULT_ABUSE_LIMITS, trustedProxyHops: 1, sessionsPerIpPerMinute: 3 } });
    const flood = [];
    for (let i = 0; i < 8; i++)
      flood.push((await app.request('/api/sessions', { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.7' } })).status);
    expect(flood).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
    const refused = await app.request('/api/sessions', { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toMatch(/too many new calls from your address/);
    const other = await app.request('/api/sessions', { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.2' } });
    expect(other.status).toBe(201);
  });

  it('ignores X-Forwarded-For unless proxies are trusted (a forged header buys no new quota)', async () => {
    const { app } = await build({ limits: { ...DEFAULT_ABUSE_LIMITS, sessionsPerIpPerMinute: 2 } });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await app.request('/api/sessions', { method: 'POST', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
    expect(statuses).toEqual([201, 201, 429, 429]);
  });

  it('the global session limit holds across addresses', async () => {
    const { app } = await build({ limits: { ...DEFAULT_ABUSE_LIMITS, trustedProxyHops: 1, sessionsPerMinute: 3 } });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await app.request('/api/sessions', { method: 'POST', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it('blocks an address after its login attempts are used up — even the right password is refused unchecked', async () => {
    const { app } = await build({ limits: { ...DEFAULT_ABUSE_LIMITS, trustedProxyHops: 1, loginFailuresPerIp: 3 } });
    const wrong = await Promise.all(Array.from({ length: 10 }, () => app.request('/api/auth/login', login('nope', '203.0.113.9'))));
    expect(wrong.map((r) => r.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    // The password is right, but the address is blocked: the 429 comes before verification.
    expect((await app.request('/api/auth/login', login('pw', '203.0.113.9'))).status).toBe(429);
    // Another address logs in; a success clears that address's count.
    const ip = '198.51.100.4';
    expect((await app.request('/api/auth/login', login('nope', ip))).status).toBe(401);
    expect((await app.request('/api/auth/login', login('nope', ip))).status).toBe(401);
    expect((await app.request('/api/auth/login', login('pw', ip))).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await app.request('/api/auth/login', login('nope', ip))).status).toBe(401);
  });
});

describe('password checks', () => {
  it('run one at a time with a short queue: a burst from many addresses cannot stack up scrypt memory', async () => {
    const { app } = await build({
      limits: { ...DEFAULT_ABUSE_LIMITS, trustedProxyHops: 1, loginsPerMinute: 1000 },
      staff: { adminUser: 'admin', adminPasswordHash: await hashPassword('pw', { N: 2 ** 14, r: 8, p: 1 }), sessionTtlMs: 60_000 },
    });
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => app.request('/api/auth/login', login('nope', `203.0.113.${i}`))));
    const statuses = burst.map((r) => r.status).sort();
    // One running and eight waiting are checked (401); the other eleven are refused unchecked.
    expect(statuses).toEqual([...Array(9).fill(401), ...Array(11).fill(429)]);
    const refused = burst.find((r) => r.status === 429) as Response;
    expect(((await refused.json()) as { error: string }).error).toMatch(/too many logins at once/);
  });
});

describe('edges answer JSON and keep metrics bounded', () => {
  it('unknown /api/* and non-upgrade /ws/* answer JSON 404, not the web page', async () => {
    const webDist = join(dir, 'dist');
    mkdirSync(webDist, { recursive: true });
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>widget</title>');
    const { app } = await build({ webDist });
    expect(await (await app.request('/console')).text()).toContain('widget'); // the page is served
    for (const path of ['/api/nothing', '/api/sessions/extra', '/ws/calls/abc', '/ws/anything', '/webhooks/nothing/x']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.json(), path).toEqual({ error: 'not found', status: 404 });
    }
  });

  it('2,000 junk webhook paths add no metric series (one "unknown" label)', async () => {
    const { app, metrics } = await build({ carrierWebhooks: new Hono().post('/twilio/voice', (c) => c.text('ok')) });
    expect((await app.request('/webhooks/twilio/voice', { method: 'POST', body: 'a=1' })).status).toBe(200);
    for (let i = 0; i < 2000; i++) await app.request(`/webhooks/junk-${i}/x${i}`, { method: 'POST', body: 'a=1' });
    await app.request('/webhooks/twilio/junk', { method: 'POST', body: 'a=1' });
    const series = (await metrics.registry.getSingleMetric('switchboard_webhook_seconds')?.get())?.values.filter(
      (v) => (v as { metricName?: string }).metricName === 'switchboard_webhook_seconds_count',
    );
    expect(series?.map((v) => [v.labels.source, v.value]).sort()).toEqual([
      ['twilio', 1],
      ['unknown', 2001],
    ]);
  });
});
