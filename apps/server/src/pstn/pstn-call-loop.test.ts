import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProviderConfigs } from '@switchboard/carriers';
import { consentAnnouncement, resolveJurisdiction } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import type { Flow } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../adapters/storage/sqlite-store.js';
import { createSqliteEventLog } from '../call/sqlite-event-log.js';
import { createRealClock } from '../clock/real-clock.js';
import { loadFlow } from '../flows.js';
import { createPstnCallLoop, type PstnCallLoop } from './pstn-call-loop.js';

const PUBLIC = 'https://voice.example.com';
const AUTH_TOKEN = 'test-auth-token-0123456789';
const FROM = '+14155550123';
const [twilioConfig] = loadProviderConfigs([
  {
    name: 'twilio',
    priority: 1,
    costPerMinuteUsd: { inbound: 0.0085, outbound: 0.014 },
    maxConcurrent: 10,
    baseUrl: 'https://api.twilio.com',
    credentials: { accountSid: 'AC0000', authToken: AUTH_TOKEN },
  },
]);

let dir: string;
let flow: Flow;
let loop: PstnCallLoop;
let app: Hono;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-pstn-'));
  flow = await loadFlow();
  const compliance = await openSqliteStore(join(dir, 'compliance.db'));
  const callDb = new Database(join(dir, 'calls.db'));
  loop = createPstnCallLoop({
    providers: twilioConfig ? [twilioConfig] : [],
    publicBaseUrl: PUBLIC,
    flow,
    classifier: createEmbeddedClassifier(flow),
    compliance,
    eventLog: createSqliteEventLog(callDb),
    clock: createRealClock(),
  });
  app = new Hono().route('/webhooks', loop.app);
  cleanup = async () => {
    loop.close();
    callDb.close();
    await compliance.close();
    rmSync(dir, { recursive: true, force: true });
  };
});
afterAll(async () => {
  await cleanup();
});

/** Posts a form to the app as Twilio would, signed over the public URL (official SDK signer). */
function post(publicUrl: string, params: Record<string, string>, sign = true) {
  const body = new URLSearchParams(params).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (sign) headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(AUTH_TOKEN, publicUrl, params);
  return app.request(publicUrl.slice(PUBLIC.length), { method: 'POST', headers, body });
}

const gatherUrl = (twimlBody: string) => {
  const m = /<Gather [^>]*action="([^"]+)"/.exec(twimlBody);
  if (!m?.[1]) throw new Error(`no Gather in ${twimlBody}`);
  return m[1].replaceAll('&amp;', '&');
};
const unxml = (s: string) => s.replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

describe('PSTN call loop on carrier speech (Twilio)', () => {
  it('says the consent announcement first, gathers speech, and hands off a billing caller', async () => {
    const voice = await post(`${PUBLIC}/webhooks/twilio/voice`, { CallSid: 'CA100', AccountSid: 'AC0000', From: FROM, To: '+14155550100' });
    expect(voice.status).toBe(200);
    const first = unxml(await voice.text());
    const announcement = await consentAnnouncement(resolveJurisdiction(FROM, { channel: 'pstn' }), flow.language);
    const says = [...first.matchAll(/<Say>([^<]*)<\/Say>/g)].map((m) => m[1]);
    expect(says[0]).toBe(announcement.text);
    expect(first).toMatch(/<Gather [^>]*input="speech dtmf"[^>]*actionOnEmptyResult="true"/);
    expect(first).toMatch(/<Gather [^>]*language="en-US"/);
    expect(first.indexOf('</Say>')).toBeLessThan(first.indexOf('<Gather'));
    const action = gatherUrl(first);
    expect(action.startsWith(`${PUBLIC}/webhooks/twilio/gather?call=`)).toBe(true);

    const consent = await post(action, { CallSid: 'CA100', AccountSid: 'AC0000', SpeechResult: 'yes', Confidence: '0.9' });
    expect(consent.status).toBe(200);
    const second = unxml(await consent.text());
    expect(second).toContain('<Gather');
    expect(second).not.toContain(flow.prompts.handoff);

    const billing = await post(gatherUrl(second), {
      CallSid: 'CA100',
      AccountSid: 'AC0000',
      SpeechResult: 'I was charged twice on my invoice',
    });
    const third = unxml(await billing.text());
    expect(third).toContain(`<Say>${flow.prompts.handoff}</Say>`);
    // No number configured for the route: say it and hang up instead of gathering again.
    expect(third).toContain('<Hangup/>');
    expect(third).not.toContain('<Gather');
  });

  it('rejects an unsigned or forged gather action with 403', async () => {
    const voice = await post(`${PUBLIC}/webhooks/twilio/voice`, { CallSid: 'CA200', AccountSid: 'AC0000', From: FROM, To: '+14155550100' });
    const action = gatherUrl(await voice.text());
    expect((await post(action, { CallSid: 'CA200', AccountSid: 'AC0000', SpeechResult: 'yes' }, false)).status).toBe(403);
    const params = { CallSid: 'CA200', AccountSid: 'AC0000', SpeechResult: 'yes' };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, action, params);
    const forged = new URLSearchParams({ ...params, SpeechResult: 'no' }).toString();
    const res = await app.request(action.slice(PUBLIC.length), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: forged,
    });
    expect(res.status).toBe(403);
    expect((await post(`${PUBLIC}/webhooks/twilio/voice`, { CallSid: 'CA201', From: FROM, To: '+1' }, false)).status).toBe(403);
  });
});
