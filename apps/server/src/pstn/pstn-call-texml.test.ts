import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProviderConfigs } from '@switchboard/carriers';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import type { Flow } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../adapters/storage/sqlite-store.js';
import type { EventLog } from '../call/event-log.js';
import { createSqliteEventLog } from '../call/sqlite-event-log.js';
import { createRealClock } from '../clock/real-clock.js';
import { loadFlow } from '../flows.js';
import { createTelnyxSigningKey, signTelnyxBody } from '../simulators/webhook-signers.js';
import { createPstnCallLoop, type PstnCallLoop } from './pstn-call-loop.js';

const PUBLIC = 'https://voice.example.com';
const key = createTelnyxSigningKey();
const [telnyx] = loadProviderConfigs([
  {
    name: 'telnyx',
    priority: 2,
    costPerMinuteUsd: { inbound: 0.005, outbound: 0.009 },
    maxConcurrent: 10,
    baseUrl: 'https://api.telnyx.com',
    credentials: { apiKey: 'KEY0', connectionId: 'conn-1', publicKey: key.publicKeyBase64 },
  },
]);

let dir: string;
let flow: Flow;
let loop: PstnCallLoop;
let app: Hono;
let eventLog: EventLog;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-texml-'));
  flow = await loadFlow();
  const compliance = await openSqliteStore(join(dir, 'compliance.db'));
  const db = new Database(join(dir, 'calls.db'));
  eventLog = createSqliteEventLog(db);
  loop = createPstnCallLoop({
    providers: telnyx ? [telnyx] : [],
    publicBaseUrl: PUBLIC,
    flow,
    classifier: createEmbeddedClassifier(flow),
    compliance,
    eventLog,
    clock: createRealClock(),
    routeNumbers: { billing: '+14155550199' },
  });
  app = new Hono().route('/webhooks', loop.app);
  cleanup = async () => {
    loop.close();
    db.close();
    await compliance.close();
    rmSync(dir, { recursive: true, force: true });
  };
});
afterAll(async () => cleanup());

/** A TeXML callback as Telnyx sends it: form-encoded, Ed25519 over `timestamp|body`. */
async function post(publicUrl: string, params: Record<string, string>, timestampSeconds?: number) {
  const signed = signTelnyxBody(
    key,
    publicUrl,
    new URLSearchParams(params).toString(),
    'application/x-www-form-urlencoded',
    timestampSeconds,
  );
  const res = await app.request(publicUrl.slice(PUBLIC.length), { method: 'POST', headers: signed.headers, body: signed.body });
  return { status: res.status, body: (await res.text()).replaceAll('&amp;', '&') };
}
const action = (texml: string) => /<Gather [^>]*action="([^"]+)"/.exec(texml)?.[1] ?? '';

describe('PSTN call loop on Telnyx TeXML', () => {
  // Telnyx's CallSid is its call_control_id.
  const callSid = 'v3:texml-call-1';
  const callId = `pstn-telnyx-${callSid}`;

  it('answers /texml with the announcement and a Gather, falls back to a Redirect on silence, and routes a caller', async () => {
    const voice = await post(`${PUBLIC}/webhooks/telnyx/texml`, {
      AccountSid: 'acc',
      CallSid: callSid,
      From: '+4930901820',
      To: '+14155550100',
    });
    expect(voice.status).toBe(200);
    expect(voice.body).toMatch(/^<\?xml[^>]*\?><Response><Say>[^<]+<\/Say><Gather /);
    const turn1 = action(voice.body);
    expect(turn1).toBe(`${PUBLIC}/webhooks/telnyx/gather?call=${encodeURIComponent(callId)}&turn=1`);
    expect(voice.body).toContain(`<Redirect method="POST">${turn1}</Redirect>`);

    const consent = await post(turn1, { AccountSid: 'acc', CallSid: callSid, SpeechResult: 'yes', Confidence: '0.93' });
    expect(consent.body).toContain(flow.greeting);
    const billing = await post(action(consent.body), { AccountSid: 'acc', CallSid: callSid, Digits: '1' });
    expect(billing.body).toContain('<Dial>+14155550199</Dial>');
    const events = await eventLog.read(callId);
    expect(events.filter((e) => e.type === 'caller.dtmf')).toHaveLength(1);
  });

  it('rejects a TeXML callback with a bad or stale Ed25519 signature', async () => {
    const url = `${PUBLIC}/webhooks/telnyx/texml`;
    const params = { AccountSid: 'acc', CallSid: 'v3:forged', From: '+4930901820', To: '+14155550100' };
    expect((await post(url, params, Math.floor(Date.now() / 1000) - 301)).status).toBe(403);
    const signed = signTelnyxBody(key, url, new URLSearchParams(params).toString(), 'application/x-www-form-urlencoded');
    const forged = await app.request('/webhooks/telnyx/texml', {
      method: 'POST',
      headers: signed.headers,
      body: new URLSearchParams({ ...params, From: '+14155550123' }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(await eventLog.read('pstn-telnyx-v3:forged')).toEqual([]);
  });

  it('ends the call when the TeXML status callback says it is over', async () => {
    const sid = 'v3:texml-call-2';
    const voice = await post(`${PUBLIC}/webhooks/telnyx/texml`, {
      AccountSid: 'acc',
      CallSid: sid,
      From: '+4930901820',
      To: '+14155550100',
    });
    expect(voice.status).toBe(200);
    const status = await post(`${PUBLIC}/webhooks/telnyx/texml-status`, { AccountSid: 'acc', CallSid: sid, CallStatus: 'completed' });
    expect(status.status).toBe(204);
    expect((await eventLog.read(`pstn-telnyx-${sid}`)).map((e) => e.type)).toContain('caller.hungup');
    // Over: the Gather action still in flight is answered with a hang-up.
    const late = await post(action(voice.body), { AccountSid: 'acc', CallSid: sid, SpeechResult: 'yes' });
    expect(late.body).toContain('<Hangup/>');
    expect(late.body).not.toContain('<Gather');
  });
});
