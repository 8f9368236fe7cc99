import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloseCodes } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.js';
import { MediaStreamPeer } from './support/media-stream-peer.js';
import { freePort, type ServerProcess, startServerProcess } from './support/server-process.js';

/**
 * Card entry on a phone call carried by a Twilio media stream, against the real server (child
 * process): the agent's POST /api/calls/:id/card-entry finds the stream's call in this process,
 * keys pressed meanwhile never reach the call log, and the call routes on a key after it ends.
 */
const AUTH_TOKEN = 'card-entry-it-token';
const CALL_SID = 'CA0000000000000000000000000000ce01';
const CALL_ID = `pstn-twilio-${CALL_SID}`;

describe('card entry on a media-stream phone call', () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sb-card-entry-phone-'));
    const port = await freePort();
    const carriers = join(dataDir, 'carriers.json');
    writeFileSync(
      carriers,
      JSON.stringify({
        providers: [
          {
            name: 'twilio',
            audio: 'media-stream',
            priority: 1,
            costPerMinuteUsd: { inbound: 0.0085, outbound: 0.014 },
            maxConcurrent: 10,
            baseUrl: 'http://127.0.0.1:9',
            credentials: { accountSid: 'AC0', authToken: AUTH_TOKEN },
          },
        ],
        routes: { billing: '+14155550199' },
      }),
    );
    server = await startServerProcess({
      port,
      dataDir,
      env: {
        SWITCHBOARD_CARRIERS: carriers,
        SWITCHBOARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
        SWITCHBOARD_ADMIN_PASSWORD_HASH: await hashPassword('s3cret', { N: 1024, r: 8, p: 1 }),
        LOG_LEVEL: 'info',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const logged = () => {
    const db = new Database(join(dataDir, 'switchboard-calls.db'), { readonly: true });
    try {
      return (db.prepare('SELECT body FROM call_events WHERE call_id = ? ORDER BY seq').all(CALL_ID) as { body: string }[]).map(
        (r) => JSON.parse(r.body) as { type: string; id: string; digit?: string },
      );
    } finally {
      db.close();
    }
  };

  it('pauses and resumes a phone call on the agent’s request, drops keys in between, and 409s once the caller hung up', async () => {
    const url = `${server.url}/webhooks/twilio/voice`;
    const params = { CallSid: CALL_SID, AccountSid: 'AC0', From: '+4930901820', To: '+4930000000' };
    const twiml = (
      await (
        await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
          },
          body: new URLSearchParams(params).toString(),
        })
      ).text()
    ).replaceAll('&amp;', '&');
    const streamUrl = /<Connect><Stream url="([^"]+)">/.exec(twiml)?.[1] as string;
    const grant = Object.fromEntries([...twiml.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]));
    const peer = new MediaStreamPeer(streamUrl, { callSid: CALL_SID });
    await peer.opened;
    peer.start(grant as Record<string, string>);
    await peer.waitFor(() => peer.echoed.some((m) => m.startsWith('consent.announcement#')), 'the announcement to play', 60_000);
    peer.dtmf('1'); // consent (EU: explicit opt-in)
    await peer.waitFor(() => peer.received.some((m) => m.event === 'mark' && m.mark.name.startsWith('greeting#')), 'the greeting', 30_000);

    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'admin', password: 's3cret' }),
    });
    const staff = `Bearer ${((await login.json()) as { token: string }).token}`;
    const cardEntry = async (state: 'start' | 'end', key: string) => {
      const res = await fetch(`${server.url}/api/calls/${CALL_ID}/card-entry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: staff, 'idempotency-key': key },
        body: JSON.stringify({ state }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    expect(await cardEntry('start', 'pay-1')).toEqual({
      status: 200,
      body: { callId: CALL_ID, channel: 'pstn', cardEntry: true, recording: 'paused' },
    });
    for (const digit of ['4', '1', '1', '1']) peer.dtmf(digit);
    // The server's log says each key was refused as card data (and never what the key was).
    const refused = () =>
      server
        .output()
        .split('\n')
        .filter(
          (l) =>
            l.includes(CALL_ID) &&
            l.includes('input ignored') &&
            l.includes('"input":"caller.dtmf"') &&
            l.includes('"ignored":"card-entry"'),
        ).length;
    for (let waited = 0; refused() < 4 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(refused()).toBe(4);
    expect(server.output()).not.toMatch(/"digit":"4"/);
    expect((await cardEntry('end', 'pay-1')).body).toMatchObject({ cardEntry: false, recording: 'on' });
    expect(
      logged()
        .filter((e) => e.type === 'caller.dtmf')
        .map((e) => e.digit),
    ).toEqual(['1']);
    expect(
      logged()
        .filter((e) => e.type.startsWith('payment.'))
        .map((e) => e.id),
    ).toEqual(['card-entry:start:pay-1', 'card-entry:end:pay-1']);

    peer.stop();
    expect(await peer.closed).toEqual({ code: CloseCodes.normal, reason: 'stream stopped' });
    const after = await cardEntry('start', 'pay-2');
    expect(after).toEqual({ status: 409, body: { error: `call ${CALL_ID} has ended`, status: 409 } });

    const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true });
    const audit = db
      .prepare("SELECT action, actor FROM audit_log WHERE call_id = ? AND action LIKE 'card-entry.%' ORDER BY seq")
      .all(CALL_ID);
    db.close();
    expect(audit).toEqual([
      { action: 'card-entry.started', actor: 'admin' },
      { action: 'card-entry.ended', actor: 'admin' },
    ]);
  }, 120_000);
});
