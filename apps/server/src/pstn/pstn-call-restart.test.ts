import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProviderConfigs, type ProviderConfig } from '@switchboard/carriers';
import { consentAnnouncement, resolveJurisdiction } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import type { Flow } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlComplianceStore } from '../adapters/storage/sql-compliance-store.js';
import { openSqliteStore } from '../adapters/storage/sqlite-store.js';
import type { EventLog } from '../call/event-log.js';
import { createSqliteEventLog } from '../call/sqlite-event-log.js';
import { createRealClock } from '../clock/real-clock.js';
import { loadFlow } from '../flows.js';
import { createPstnCallLoop, type PstnCallLoop } from './pstn-call-loop.js';

const PUBLIC = 'https://voice.example.com';
const AUTH_TOKEN = 'restart-auth-token-0123456789';
// A Berlin caller: explicit opt-in, where silence or a lost announcement would be a refusal.
const FROM = '+4930901820';
const BILLING_DESK = '+14155550199';
const providers: ProviderConfig[] = loadProviderConfigs([
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
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-pstn-restart-'));
  flow = await loadFlow();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One process's worth of the loop on the SQLite files in `dir`; `stop` drops it like a restart. */
async function boot(name: string, wrapLog: (log: EventLog) => EventLog = (log) => log) {
  const compliance: SqlComplianceStore = await openSqliteStore(join(dir, `${name}-compliance.db`));
  const db = new Database(join(dir, `${name}-calls.db`));
  const eventLog = createSqliteEventLog(db);
  const loop: PstnCallLoop = createPstnCallLoop({
    providers,
    publicBaseUrl: PUBLIC,
    flow,
    classifier: createEmbeddedClassifier(flow),
    compliance,
    eventLog: wrapLog(eventLog),
    clock: createRealClock(),
    routeNumbers: { billing: BILLING_DESK },
  });
  const app = new Hono().route('/webhooks', loop.app);
  /** Posts a form as Twilio would, signed over the public URL (official SDK signer). */
  const post = async (publicUrl: string, params: Record<string, string>) => {
    const res = await app.request(publicUrl.slice(PUBLIC.length), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, publicUrl, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, body: unxml(await res.text()) };
  };
  return {
    post,
    eventLog,
    compliance,
    async stop() {
      loop.close();
      db.close();
      await compliance.close();
    },
  };
}

const gatherUrl = (twiml: string) => {
  const m = /<Gather [^>]*action="([^"]+)"/.exec(twiml);
  if (!m?.[1]) throw new Error(`no Gather in ${twiml}`);
  return m[1];
};
const unxml = (s: string) => s.replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
const says = (twiml: string) => [...twiml.matchAll(/<Say>([^<]*)<\/Say>/g)].map((m) => m[1]);

describe('phone calls survive a restart (issue 6)', () => {
  it('a new loop on the same SQLite file continues the call with the next signed Gather action', async () => {
    const callSid = 'CA-restart-1';
    const callId = `pstn-twilio-${callSid}`;
    const announcement = await consentAnnouncement(resolveJurisdiction(FROM, { channel: 'pstn' }), flow.language);

    const first = await boot('a');
    const voice = await first.post(`${PUBLIC}/webhooks/twilio/voice`, { CallSid: callSid, From: FROM, To: '+14155550100' });
    expect(says(voice.body)).toEqual([announcement.text]);
    const turn1 = gatherUrl(voice.body);
    expect(turn1).toBe(`${PUBLIC}/webhooks/twilio/gather?call=${callId}&turn=1`);
    await first.stop();

    // "Restart": a new process opens the same files; the carrier's next webhook is the caller's yes.
    const second = await boot('a');
    const consent = await second.post(turn1, { CallSid: callSid, SpeechResult: 'yes' });
    expect(consent.status).toBe(200);
    // No second announcement: the carrier played it (its Gather action proves it), so the
    // caller's yes is an opt-in on an announcement heard whole, and the greeting follows.
    expect(says(consent.body)).not.toContain(announcement.text);
    expect(says(consent.body)).toContain(flow.greeting);
    const evidence = await second.compliance.consentsForCall(callId);
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ decision: 'granted', method: 'voice', announcementCompleted: true });
    const notes = await second.eventLog.annotations(callId);
    expect(notes.recordingId).toBeTruthy();

    // The carrier retries that webhook (and again after another restart): the same answer, no new input.
    const logged = (await second.eventLog.read(callId)).length;
    expect(await second.post(turn1, { CallSid: callSid, SpeechResult: 'yes' })).toEqual(consent);
    await second.stop();
    const third = await boot('a');
    expect(await third.post(turn1, { CallSid: callSid, SpeechResult: 'yes' })).toEqual(consent);
    expect(await third.eventLog.read(callId)).toHaveLength(logged);

    const billing = await third.post(gatherUrl(consent.body), { CallSid: callSid, SpeechResult: 'I was charged twice on my invoice' });
    expect(says(billing.body)).toContain(flow.prompts.handoff);
    expect(billing.body).toContain(`<Dial>${BILLING_DESK}</Dial>`);
    expect(billing.body).not.toContain('<Gather');

    const events = await third.eventLog.read(callId);
    expect(events.filter((e) => e.type === 'call.connected')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'caller.said')).toHaveLength(2);
    expect(await third.compliance.consentsForCall(callId)).toHaveLength(1);
    // The recording started once: the id minted before the restart is still the call's.
    expect((await third.eventLog.annotations(callId)).recordingId).toBe(notes.recordingId);
    await third.stop();
  });

  it('a process that died before the connect was logged starts the call afresh on the /voice retry', async () => {
    const callSid = 'CA-restart-3';
    const dying = await boot('c', (log) => ({
      ...log,
      append: async (id, event) => {
        if (event.type === 'call.connected') throw new Error('process killed');
        return log.append(id, event);
      },
    }));
    const params = { CallSid: callSid, From: FROM, To: '+14155550100' };
    expect((await dying.post(`${PUBLIC}/webhooks/twilio/voice`, params)).status).toBe(500);
    await dying.stop();
    const next = await boot('c');
    const voice = await next.post(`${PUBLIC}/webhooks/twilio/voice`, params);
    expect(voice.status).toBe(200);
    expect(says(voice.body)).toHaveLength(1);
    expect(voice.body).toContain('<Gather');
    expect((await next.eventLog.read(`pstn-twilio-${callSid}`)).map((e) => e.type)).toEqual(['call.connected']);
    await next.stop();
  });

  it('a process that died between logging and answering is answered from the log on the retry', async () => {
    const callSid = 'CA-restart-2';
    const callId = `pstn-twilio-${callSid}`;
    // The first process logs the connect and the caller's yes, but dies before it can record
    // (and send) its answers: the annotation of the answer fails.
    const dying = await boot('b', (log) => ({
      ...log,
      annotate: async (id, key, value) => {
        if (key === 'pstn.answer' && value.includes('"turn":2')) throw new Error('process killed');
        return log.annotate(id, key, value);
      },
    }));
    const voice = await dying.post(`${PUBLIC}/webhooks/twilio/voice`, { CallSid: callSid, From: FROM, To: '+14155550100' });
    const turn1 = gatherUrl(voice.body);
    expect((await dying.post(turn1, { CallSid: callSid, Digits: '1' })).status).toBe(500);
    await dying.stop();

    const next = await boot('b');
    const retry = await next.post(turn1, { CallSid: callSid, Digits: '1' });
    expect(retry.status).toBe(200);
    // What the dead process said but never handed over reaches the caller now, once.
    expect(says(retry.body)).toContain(flow.greeting);
    expect(says(retry.body)).not.toContain(flow.prompts.handoff);
    expect(retry.body).toContain(`&turn=2`);
    const events = await next.eventLog.read(callId);
    expect(events.filter((e) => e.type === 'caller.dtmf')).toHaveLength(1);
    expect(await next.compliance.consentsForCall(callId)).toEqual([
      expect.objectContaining({ decision: 'granted', method: 'dtmf', announcementCompleted: true }),
    ]);
    await next.stop();
  });
});
