import { createMemoryComplianceStore } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultFlow } from '../test/support/speech.js';
import { createApp } from './app.js';
import { hashPassword } from './auth/password.js';
import { createTokenStore } from './auth/token-store.js';
import { createMemoryCallQueue } from './call/memory-call-queue.js';
import { createMemoryEventLog } from './call/memory-event-log.js';
import { createRealClock } from './clock/real-clock.js';
import { createSqliteWebhookDedup } from './http/webhook-dedup.js';
import { createLogger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { CallHub } from './ws/call-hub.js';
import { createSqliteOutbox } from './ws/event-outbox.js';

async function build(options: { ready?: boolean } = {}) {
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
  const { app } = createApp({
    hub,
    tokens,
    dedup: createSqliteWebhookDedup(db),
    readiness: async () => ({ database: 'ok', vad: options.ready === false ? 'Silero model not loaded' : 'ok' }),
    staff: { adminUser: 'admin', adminPasswordHash: await hashPassword('pw', { N: 1024, r: 8, p: 1 }), sessionTtlMs: 60_000 },
  });
  return { app, tokens };
}

describe('the Hono app (app.request, no port)', () => {
  it('creates a web session whose token opens only that call', async () => {
    const { app, tokens } = await build();
    const res = await app.request('http://voice.test/api/sessions', { method: 'POST' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { callId: string; resumeToken: string; transport: { kind: string; url: string } };
    expect(body.transport).toEqual({ kind: 'websocket', url: `ws://voice.test/ws/calls/${body.callId}` });
    expect(tokens.check('call', body.resumeToken, body.callId)).toEqual({ ok: true, subject: body.callId });
    expect(tokens.check('staff', body.resumeToken).ok).toBe(false);
  });

  it('turns HTTP errors into JSON and keeps staff endpoints behind a login', async () => {
    const { app } = await build();
    expect(await (await app.request('/api/nothing')).json()).toEqual({ error: 'not found', status: 404 });
    const anon = await app.request('/api/recordings/abc');
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ error: 'staff login required', status: 401 });
    const bad = await app.request('/api/auth/login', { method: 'POST', body: '{"user":"admin","password":"nope"}', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(401);
    const malformed = await app.request('/api/auth/login', { method: 'POST', body: 'user=admin' });
    expect(malformed.status).toBe(400);
    const ok = await app.request('/api/auth/login', { method: 'POST', body: '{"user":"admin","password":"pw"}', headers: { 'content-type': 'application/json' } });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/sb_staff=[^;]+; Max-Age=60; Path=\/; HttpOnly; SameSite=Strict/);
    const me = await app.request('/api/auth/me', { headers: { cookie: cookie.split(';')[0] as string } });
    expect(await me.json()).toEqual({ user: 'admin' });
    const missing = await app.request('/api/recordings/abc', { headers: { cookie: cookie.split(';')[0] as string } });
    expect(missing.status).toBe(404);
  });

  it('reports health, readiness and Prometheus metrics', async () => {
    expect((await (await build()).app.request('/healthz')).status).toBe(200);
    const notReady = await (await build({ ready: false })).app.request('/readyz');
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ ok: false, checks: { vad: 'Silero model not loaded' } });
    const metrics = await (await (await build()).app.request('/metrics')).text();
    for (const name of ['switchboard_calls_total', 'switchboard_intents_total', 'switchboard_consent_total', 'switchboard_turn_seconds', 'switchboard_vad_batch_seconds', 'switchboard_carrier_health', 'switchboard_queue_size'])
      expect(metrics).toContain(name);
  });

  it('answers 404 for LiveKit endpoints when LiveKit is not configured', async () => {
    const { app } = await build();
    expect((await app.request('/webhooks/livekit', { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
