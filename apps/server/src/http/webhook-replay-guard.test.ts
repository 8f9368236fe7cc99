import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createSqliteWebhookDedup } from './webhook-dedup.js';
import { webhookReplayGuard } from './webhook-replay-guard.js';

/** A stand-in carrier route that counts its effects; signatures are the real routes' job (verified in test/hostile-traffic). */
function build(db = new Database(':memory:')) {
  const effects: string[] = [];
  const app = new Hono();
  app.use('/webhooks/*', webhookReplayGuard(createSqliteWebhookDedup(db)));
  app.post('/webhooks/telnyx/gather', async (c) => {
    effects.push(`turn ${c.req.query('turn')}: ${await c.req.text()}`);
    return c.text(`<Response><Say>answer ${effects.length}</Say></Response>`, 200, { 'content-type': 'text/xml' });
  });
  app.post('/webhooks/twilio/status', async (c) => {
    effects.push(`status ${await c.req.text()}`);
    if (c.req.header('x-twilio-signature') === 'forged') return c.json({ error: 'invalid signature' }, 403);
    return c.body(null, 204);
  });
  return { app, effects, db };
}

const telnyx = (turn: number, ts = '1765000000') => ({
  method: 'POST',
  body: 'CallSid=v3:abc&SpeechResult=billing',
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'telnyx-signature-ed25519': 'c2ln', 'telnyx-timestamp': ts },
  url: `/webhooks/telnyx/gather?call=pstn-telnyx-v3:abc&turn=${turn}`,
});

describe('webhookReplayGuard', () => {
  it('a Telnyx delivery replayed with another turn in the URL gets the first answer and has no second effect', async () => {
    const { app, effects, db } = build();
    const first = telnyx(1);
    const a = await app.request(first.url, first);
    const replay = telnyx(7);
    const b = await app.request(replay.url, replay);
    expect(effects).toEqual(['turn 1: CallSid=v3:abc&SpeechResult=billing']);
    expect(await b.text()).toBe(await a.text());
    expect(b.headers.get('x-switchboard-repeat')).toBe('1');
    // Remembered with its call, so erasure finds the stored answer.
    expect(db.prepare('SELECT call_id FROM webhook_seen WHERE event_id LIKE ?').all('signed:%')).toEqual([
      { call_id: 'pstn-telnyx-v3:abc' },
    ]);
    // A new signing time is a new delivery (the phone loop's own turn check handles a true retry).
    const later = telnyx(2, '1765000009');
    await app.request(later.url, later);
    expect(effects).toHaveLength(2);
  });

  it('survives a restart: the table, not memory, remembers', async () => {
    const db = new Database(':memory:');
    const before = build(db);
    const d = telnyx(1);
    await before.app.request(d.url, d);
    const after = build(db);
    const replay = telnyx(3);
    expect((await after.app.request(replay.url, replay)).status).toBe(200);
    expect(after.effects).toEqual([]);
  });

  it('two deliveries at once run the handler once', async () => {
    const { app, effects } = build();
    const d = telnyx(1);
    const [a, b] = await Promise.all([app.request(d.url, d), app.request(d.url, d)]);
    expect(effects).toHaveLength(1);
    expect(await a.text()).toBe(await b.text());
  });

  it('dedups carrier status by Twilio idempotency token; a refused (forged) delivery is never remembered', async () => {
    const { app, effects } = build();
    const status = (signature: string, token: string, body = 'CallSid=CA1&CallStatus=completed') => ({
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
        'i-twilio-idempotency-token': token,
      },
    });
    expect((await app.request('/webhooks/twilio/status', status('forged', 't1'))).status).toBe(403);
    expect((await app.request('/webhooks/twilio/status', status('sig', 't1'))).status).toBe(204);
    // Same event id re-signed (a carrier retry): acknowledged, no second effect.
    expect((await app.request('/webhooks/twilio/status', status('sig2', 't1'))).status).toBe(204);
    expect(effects).toEqual(['status CallSid=CA1&CallStatus=completed', 'status CallSid=CA1&CallStatus=completed']);
    // Unsigned requests are not the guard's to answer: the route refuses them each time.
    await app.request('/webhooks/twilio/status', { method: 'POST', body: 'x=1' });
    await app.request('/webhooks/twilio/status', { method: 'POST', body: 'x=1' });
    expect(effects).toHaveLength(4);
  });
});
