import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import twilio from 'twilio';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openSqliteStore } from '../src/adapters/storage/sqlite-store.js';
import { createSqliteEventLog } from '../src/call/sqlite-event-log.js';
import { freePort, type ServerProcess, startServerProcess } from './support/server-process.js';
import { defaultFlow } from './support/speech.js';

const AUTH_TOKEN = 'kill9-auth-token-0123456789';
const BILLING_DESK = '+14155550199';

const unxml = (s: string) => s.replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
const says = (twiml: string) => [...twiml.matchAll(/<Say>([^<]*)<\/Say>/g)].map((m) => m[1]);
const gatherUrl = (twiml: string) => {
  const m = /<Gather [^>]*action="([^"]+)"/.exec(twiml);
  if (!m?.[1]) throw new Error(`no Gather in ${twiml}`);
  return m[1];
};

/** A webhook as Twilio sends it: form-encoded, signed over the public URL with the official signer. */
async function webhook(url: string, params: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: unxml(await res.text()) };
}

describe('restart safety on the phone: kill -9 between two carrier webhooks', () => {
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it('the restarted server continues the call with the next signed Gather action', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-pstn-kill9-'));
    const flow = defaultFlow();
    const carriers = join(dataDir, 'carriers.yaml');
    writeFileSync(
      carriers,
      stringify({
        providers: [
          {
            name: 'twilio',
            priority: 1,
            costPerMinuteUsd: { inbound: 0.0085, outbound: 0.014 },
            maxConcurrent: 10,
            // Nothing listens here: health checks fail fast instead of reaching the internet.
            baseUrl: 'http://127.0.0.1:9',
            credentials: { accountSid: 'AC0000', authToken: AUTH_TOKEN },
          },
        ],
        routes: { billing: BILLING_DESK },
      }),
    );
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const env = { SWITCHBOARD_CARRIERS: carriers, SWITCHBOARD_PUBLIC_URL: publicUrl };
    const first = await startServerProcess({ port, dataDir, env });
    servers.push(first);

    const callSid = 'CA-kill9-1';
    const callId = `pstn-twilio-${callSid}`;
    // A Berlin caller: explicit opt-in, so a lost announcement or answer would mean no recording.
    const voice = await webhook(`${publicUrl}/webhooks/twilio/voice`, { CallSid: callSid, From: '+4930901820', To: '+14155550100' });
    expect(voice.status).toBe(200);
    const [announcement] = says(voice.body);
    expect(announcement).toBeTruthy();
    const turn1 = gatherUrl(voice.body);

    await first.kill9();
    const second = await startServerProcess({ port, dataDir, env });
    servers.push(second);

    const consent = await webhook(turn1, { CallSid: callSid, SpeechResult: 'yes' });
    expect(consent.status).toBe(200);
    expect(says(consent.body)).not.toContain(announcement);
    expect(says(consent.body)).toContain(flow.greeting);
    // The carrier retries that webhook: the same answer, nothing new.
    expect(await webhook(turn1, { CallSid: callSid, SpeechResult: 'yes' })).toEqual(consent);

    const billing = await webhook(gatherUrl(consent.body), { CallSid: callSid, SpeechResult: 'I was charged twice on my invoice' });
    expect(billing.body).toContain(`<Dial>${BILLING_DESK}</Dial>`);
    await second.stop();

    // What the two processes left on disk: one connect, one consent (voice, announcement heard whole), one recording.
    const db = new Database(join(dataDir, 'switchboard-calls.db'));
    const log = createSqliteEventLog(db);
    const events = await log.read(callId);
    expect(events.filter((e) => e.type === 'call.connected')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'caller.said')).toHaveLength(2);
    const recordingId = (await log.annotations(callId)).recordingId;
    db.close();
    const compliance = await openSqliteStore(join(dataDir, 'switchboard.db'));
    try {
      expect(await compliance.consentsForCall(callId)).toEqual([
        expect.objectContaining({ decision: 'granted', method: 'voice', announcementCompleted: true }),
      ]);
      expect(recordingId).toBeTruthy();
      expect(await compliance.getRecording(recordingId as string)).toMatchObject({ callId });
    } finally {
      await compliance.close();
    }
  }, 240_000);
});
