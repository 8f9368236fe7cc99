import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from './support/temp-store.js';
import { CallClient, createSession } from './support/call-client.js';
import { freePort, type ServerProcess, startServerProcess } from './support/server-process.js';
import { defaultFlow } from './support/speech.js';

const AUTH_TOKEN = 'dsar-auth-token-0123456789';
const PHONE = '+4930901820';
const ERASED_SID = 'CA-dsar-erased-1';
const HELD_SID = 'CA-dsar-held-2';
// Words only these calls said: anything that still holds them after erasure is a copy we missed.
const PHONE_WORDS = 'Quokkaville';
const HELD_WORDS = 'Platypusharbour';
const WEB_WORDS = 'wombat.jones@example.org';

const unxml = (s: string) => s.replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
const gatherUrl = (twiml: string) => {
  const m = /<Gather [^>]*action="([^"]+)"/.exec(twiml);
  if (!m?.[1]) throw new Error(`no Gather in ${twiml}`);
  return unxml(m[1]);
};

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

/** Every row of every table of a SQLite file, as JSON text, with its table name. */
function allRows(file: string): { table: string; row: string }[] {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    return tables.flatMap((table) =>
      (db.prepare(`SELECT * FROM "${table}"`).all() as object[]).map((row) => ({ table, row: JSON.stringify(row) })),
    );
  } finally {
    db.close();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * `dsar erase` on a phone caller and a web visitor of a real server (Twilio Gather loop with
 * signed webhooks, WebSocket web call), then every table and every file under the data folder
 * is scanned: only the phone caller's call under legal hold remains, named with its reason,
 * and the audit chain still verifies.
 */
describe('erasure reaches every copy', () => {
  let server: ServerProcess;
  let dataDir: string;
  let publicUrl: string;
  const flow = defaultFlow();
  const db = () => ['--db', join(dataDir, 'switchboard.db')];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sb-dsar-e2e-'));
    const flowPath = join(dataDir, 'flow.json');
    writeFileSync(flowPath, JSON.stringify({ ...flow, consent: { ...flow.consent, answerTimeoutMs: 25_000 } }));
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
            baseUrl: 'http://127.0.0.1:9',
            credentials: { accountSid: 'AC0000', authToken: AUTH_TOKEN },
          },
        ],
        routes: { billing: '+14155550199' },
      }),
    );
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    server = await startServerProcess({
      port,
      dataDir,
      env: {
        SWITCHBOARD_FLOW: flowPath,
        SWITCHBOARD_CARRIERS: carriers,
        SWITCHBOARD_PUBLIC_URL: publicUrl,
        SWITCHBOARD_TTS: 'none',
        SWITCHBOARD_STT: 'none',
      },
    });
  }, 120_000);
  afterAll(async () => server?.stop());

  async function phoneCall(callSid: string, words: string) {
    const voice = await webhook(`${publicUrl}/webhooks/twilio/voice`, { CallSid: callSid, From: PHONE, To: '+14155550100' });
    expect(voice.status).toBe(200);
    const consent = await webhook(gatherUrl(voice.body), { CallSid: callSid, SpeechResult: 'yes' });
    const billing = await webhook(gatherUrl(consent.body), {
      CallSid: callSid,
      SpeechResult: `I was charged twice on my invoice from ${words}`,
    });
    expect(billing.body).toContain('<Dial>');
  }

  it('leaves nothing of an erased phone caller or web visitor but what a legal hold keeps', async () => {
    await phoneCall(ERASED_SID, PHONE_WORDS);
    await phoneCall(HELD_SID, HELD_WORDS);

    const session = await createSession(server.url);
    const client = new CallClient(session.transport.kind === 'websocket' ? session.transport.url : '');
    await client.opened;
    client.send({ type: 'hello', resumeToken: session.resumeToken, lastSeq: 0, vad: 'server' });
    await client.waitForEvent('consent.requested');
    await client.waitFor((m) => m.type === 'tts' && m.state === 'end' && m.promptId === 'consent.announcement');
    client.send({ type: 'consent', id: 'c-1', answer: 'yes' });
    await client.waitForEvent('recording.started');
    // A second of quiet noise from the microphone: consented audio, so it lands in the vault.
    await client.stream(
      Int16Array.from({ length: 16_000 }, (_, i) => ((i * 7919) % 64) - 32),
      5,
    );
    client.send({ type: 'text', id: 't-1', text: `I need help with my invoice, write to ${WEB_WORDS}` });
    await client.waitForEvent('handoff', {}, 30_000);
    client.send({ type: 'hangup', id: 'h-1' });
    await client.waitForEvent('call.ended');
    client.close();

    // The held call's recording goes under legal hold (found through the export, as staff would).
    const exported = JSON.parse(runCli(['dsar', 'export', '--caller', PHONE, ...db()]).stdout) as {
      callIds: string[];
      recordings: { recordingId: string; callId: string }[];
      callLog: { events: { callId: string }[] };
    };
    const erasedCall = `pstn-twilio-${ERASED_SID}`;
    const heldCall = `pstn-twilio-${HELD_SID}`;
    expect(exported.callIds).toEqual([erasedCall, heldCall]);
    expect(exported.callLog.events.some((e) => e.callId === erasedCall)).toBe(true);
    const heldRecording = exported.recordings.find((r) => r.callId === heldCall)?.recordingId ?? '';
    expect(heldRecording).not.toBe('');
    expect(
      runCli(['hold', 'set', '--recording', heldRecording, '--reason', 'litigation 2026-114', '--by', 'legal@acme', ...db()]).code,
    ).toBe(0);

    const webExport = JSON.parse(runCli(['dsar', 'export', '--call', session.callId, ...db()]).stdout) as {
      recordings: { recordingId: string }[];
    };
    const webRecording = webExport.recordings[0]?.recordingId ?? '';
    const recordingFiles = () => filesUnder(join(dataDir, 'recordings')).map((f) => relative(join(dataDir, 'recordings'), f));
    await expect.poll(() => recordingFiles().some((f) => f.startsWith(webRecording)), { timeout: 10_000 }).toBe(true);

    // Before: the words are on disk (the scan below can see them).
    const everything = () =>
      filesUnder(dataDir)
        .map((f) => readFileSync(f).toString('latin1'))
        .join('\n');
    expect(everything()).toContain(PHONE_WORDS);
    expect(everything()).toContain(WEB_WORDS);

    // The web visitor proves who they are with the resume token their browser kept; a wrong one does nothing.
    const wrong = runCli([
      'dsar',
      'erase',
      '--call',
      session.callId,
      '--resume-token',
      'not-it',
      '--requested-by',
      'dpo@acme',
      '--verified-by',
      'web form',
      ...db(),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('identity not verified');
    const web = runCli([
      'dsar',
      'erase',
      '--call',
      session.callId,
      '--resume-token',
      session.resumeToken,
      '--requested-by',
      'dpo@acme',
      '--verified-by',
      'web form',
      ...db(),
    ]);
    expect(web.stderr).toBe('');
    expect(JSON.parse(web.stdout)).toMatchObject({
      erasedCalls: [session.callId],
      kept: [],
      callLog: { callEvents: expect.any(Number), outbox: expect.any(Number), resumeTokens: 1 },
    });

    const phone = runCli([
      'dsar',
      'erase',
      '--caller',
      PHONE,
      '--requested-by',
      'dpo@acme',
      '--verified-by',
      'callback to number on file',
      ...db(),
    ]);
    const report = JSON.parse(phone.stdout) as {
      erasedCalls: string[];
      kept: { kind: string; id: string; reason: string }[];
      callLog: Record<string, number>;
    };
    expect(report.erasedCalls).toEqual([erasedCall]);
    expect(report.kept).toEqual([
      { kind: 'recording', id: heldRecording, reason: 'legal hold: litigation 2026-114' },
      { kind: 'call', id: heldCall, reason: `recording ${heldRecording} is under legal hold: litigation 2026-114` },
    ]);
    expect(report.callLog.callEvents).toBeGreaterThan(0);
    expect(report.callLog.webhookAnswers).toBeGreaterThan(0);

    const verify = runCli(['audit', 'verify', ...db()]);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    await server.stop();

    // Every table of both databases: the erased calls' words are nowhere; their ids only in the
    // hashed audit chain and in consent evidence stripped of personal data (erased_at set) —
    // pseudonymous ids kept to show consent was asked (GDPR Art. 7(1)); the phone number only in
    // rows of the call under hold.
    const rows = [...allRows(join(dataDir, 'switchboard.db')), ...allRows(join(dataDir, 'switchboard-calls.db'))];
    expect(rows.length).toBeGreaterThan(20);
    for (const { table, row } of rows) {
      for (const words of [PHONE_WORDS, WEB_WORDS, 'wombat']) expect(row, `${table}: ${row}`).not.toContain(words);
      const mentionsErased = [erasedCall, ERASED_SID, session.callId].some((id) => row.includes(id));
      if (mentionsErased && table === 'consents')
        expect(JSON.parse(row)).toMatchObject({ pii_caller: null, pii_callee: null, erased_at: expect.any(String) });
      else if (mentionsErased) expect(table, row).toBe('audit_log');
      if (row.includes(PHONE.slice(1))) expect(row, `${table}: ${row}`).toContain(HELD_SID);
    }
    // The held call is all still there.
    expect(rows.some((r) => r.table === 'call_events' && r.row.includes(HELD_WORDS))).toBe(true);
    expect(rows.some((r) => r.table === 'transcripts' && r.row.includes(HELD_WORDS))).toBe(true);

    // Every file under the data folder, byte for byte (free pages, WAL, recordings, audit head).
    const files = filesUnder(dataDir);
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      for (const words of [PHONE_WORDS, WEB_WORDS, 'wombat'])
        expect(bytes.includes(words), `${relative(dataDir, file)} holds "${words}"`).toBe(false);
    }
    // Recordings: the web visitor's audio is gone (key and file); only held ones may stay.
    expect(webRecording).not.toBe('');
    expect(recordingFiles().every((f) => f.startsWith(heldRecording))).toBe(true);
    // Owner-only: every data file 0600, every folder 0700 (the test's own flow and carrier files aside).
    for (const file of files.filter((f) => !/flow\.json$|carriers\.yaml$/.test(f)))
      expect(statSync(file).mode & 0o777, relative(dataDir, file)).toBe(0o600);
    expect(statSync(join(dataDir, 'recordings')).mode & 0o777).toBe(0o700);
  }, 240_000);
});
