import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerMessage } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.js';
import { parseEnv } from '../src/env.js';
import { type RunningServer, startServer } from '../src/http/start-server.js';
import { createLogger } from '../src/observability/logger.js';
import { CallClient, createSession } from './support/call-client.js';
import { defaultFlow, espeakWav, readWav16k } from './support/speech.js';

/**
 * Issue 6 / PCI DSS: "Card digits spoken during a PCI pause are not sent to any STT".
 *
 * The real server (in this process, so the test can reach its call hub), a real `ws` client
 * streaming espeak-ng speech at the browser's cadence, real Silero server VAD, and a local
 * OpenAI-compatible transcription endpoint that records every request it gets.
 *
 * Card entry is started and ended as an agent does it: a logged-in staff user's
 * `POST /api/calls/:id/card-entry` (the "take payment" button), audited under that user.
 */

type Phase = 'before' | 'card' | 'after';
interface SttRequest {
  phase: Phase;
  audioBytes: number;
}

// What a real cloud recogniser would hear in each phase: if card audio ever reached it, its
// answer would carry the digits into the call.
const HEARD: Record<Phase, string> = {
  before: 'hello',
  card: 'my card number is 4111 1111 1111 1111',
  after: 'I need help with my invoice',
};
const CARD_DIGITS = /4111|4 1 1 1|1111|four one one one/i;
/** The text of a message, log line or audit row without its numbers: an `atMs` of 21111 or a log timestamp is not a card. */
const wordsOf = (x: unknown) => JSON.stringify(typeof x === 'string' ? JSON.parse(x) : x, (_key, value: unknown) => (typeof value === 'number' ? undefined : value));

describe('card digits spoken during card entry never reach speech recognition', () => {
  const requests: SttRequest[] = [];
  const logLines: string[] = [];
  let phase: Phase = 'before';
  let stt: Server;
  let server: RunningServer;
  let dataDir: string;
  const flow = defaultFlow();

  beforeAll(async () => {
    stt = createServer((req, res) => {
      const chunks: Buffer[] = [];
      const arrivedIn = phase;
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const form = await new Response(Buffer.concat(chunks), {
          headers: { 'content-type': req.headers['content-type'] ?? '' },
        }).formData();
        const file = form.get('file');
        requests.push({ phase: arrivedIn, audioBytes: file instanceof Blob ? file.size : 0 });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: HEARD[arrivedIn] }));
      });
    });
    await new Promise<void>((r) => stt.listen(0, '127.0.0.1', r));

    dataDir = mkdtempSync(join(tmpdir(), 'sb-pci-stt-'));
    const flowPath = join(dataDir, 'flow.json');
    // See web-call.test.ts: espeak-ng takes ~10 s to speak the announcement, so a 25 s window.
    writeFileSync(flowPath, JSON.stringify({ ...flow, consent: { ...flow.consent, answerTimeoutMs: 25_000 } }));
    const env = parseEnv({
      PORT: '0',
      SWITCHBOARD_DB: join(dataDir, 'switchboard.db'),
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_FLOW: flowPath,
      SWITCHBOARD_STT: 'openai',
      SWITCHBOARD_STT_URL: `http://127.0.0.1:${(stt.address() as AddressInfo).port}/v1`,
      SWITCHBOARD_VAD_THREADS: '1',
      SWITCHBOARD_WEB_DIST: dataDir,
      SWITCHBOARD_ADMIN_PASSWORD_HASH: await hashPassword('s3cret', { N: 1024, r: 8, p: 1 }),
    });
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
    server = await startServer(env, { logger });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await new Promise((r) => stt?.close(r));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('drops utterances heard by server VAD during card entry before any STT request, and recognises speech after it', async () => {
    const session = await createSession(server.url);
    const client = new CallClient(`ws://127.0.0.1:${server.port}/ws/calls/${session.callId}`);
    await client.opened;
    client.send({ type: 'hello', resumeToken: session.resumeToken, lastSeq: 0, vad: 'server' });
    await client.waitForEvent('consent.requested');
    await client.waitFor((m) => m.type === 'tts' && m.state === 'end' && m.promptId === 'consent.announcement');
    client.send({ type: 'consent', id: 'c-1', answer: 'yes' });
    await client.waitForEvent('recording.started');
    await client.waitForEvent('prompt', { text: flow.greeting });

    // The agent presses "take payment": only a staff login may, and the recording pauses.
    const cardEntry = (state: 'start' | 'end', headers: Record<string, string>) =>
      fetch(`${server.url}/api/calls/${session.callId}/card-entry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ state }),
      });
    expect((await cardEntry('start', { authorization: `Bearer ${session.resumeToken}` })).status).toBe(401);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'admin', password: 's3cret' }),
    });
    const staff = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const started = await cardEntry('start', { ...staff, 'idempotency-key': 'pay-1' });
    expect(started.status).toBe(200);
    expect(await started.json()).toEqual({ callId: session.callId, channel: 'web', cardEntry: true, recording: 'paused' });
    await client.waitForEvent('recording.paused', { reason: 'pci' });
    // A retried click has no second effect.
    expect(await (await cardEntry('start', { ...staff, 'idempotency-key': 'pay-1' })).json()).toMatchObject({ cardEntry: true });
    const unknown = await fetch(`${server.url}/api/calls/web-00000000-0000-0000-0000-000000000000/card-entry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...staff },
      body: '{"state":"start"}',
    });
    expect(unknown.status).toBe(404);
    phase = 'card';
    const cardStart = client.messages.length;

    await client.stream(readWav16k(espeakWav('my card number is 4 1 1 1, 1 1 1 1, 1 1 1 1, 1 1 1 1', { padSeconds: 1 })));
    const vadIn = (from: number, state: 'speech.start' | 'speech.end') =>
      client.messages.slice(from).filter((m: ServerMessage) => m.type === 'vad' && m.state === state).length;
    // Server VAD did hear the digits (else this test proves nothing): every utterance it
    // started has ended, i.e. has been handed to the STT step that must drop it.
    await client.waitFor(
      () => vadIn(cardStart, 'speech.start') > 0 && vadIn(cardStart, 'speech.end') === vadIn(cardStart, 'speech.start'),
      20_000,
    );
    const cardUtterances = vadIn(cardStart, 'speech.end');

    const ended = await cardEntry('end', { ...staff, 'idempotency-key': 'pay-1' });
    expect(await ended.json()).toMatchObject({ cardEntry: false, recording: 'on' });
    await client.waitForEvent('recording.resumed');
    const cardMessages = client.messages.slice(cardStart, client.messages.length);
    phase = 'after';
    const afterStart = client.messages.length;

    await client.stream(readWav16k(espeakWav('I need help with my invoice', { padSeconds: 1 })));
    const transcript = await client.waitForEvent('transcript', { role: 'caller' }, 45_000);
    expect(transcript).toMatchObject({ text: HEARD.after });
    await client.waitForEvent('intent', { intent: 'billing', via: 'speech' }, 20_000);
    await client.waitFor(() => vadIn(afterStart, 'speech.end') === vadIn(afterStart, 'speech.start'), 20_000);
    const afterUtterances = vadIn(afterStart, 'speech.end');
    client.close();

    // Nothing reached the endpoint during card entry; every utterance after it did, with its audio.
    expect(cardUtterances).toBeGreaterThan(0);
    expect(requests.filter((r) => r.phase === 'card')).toEqual([]);
    expect(requests.filter((r) => r.phase === 'before')).toEqual([]);
    expect(requests).toHaveLength(afterUtterances);
    expect(afterUtterances).toBeGreaterThan(0);
    // ≥ 0.5 s of 16 kHz 16-bit audio per request: speech, not an empty upload.
    for (const r of requests) expect(r.audioBytes).toBeGreaterThan(16_000);

    // No transcript while card entry lasted, and the digits are nowhere: not in any message
    // the visitor received, not in any log line.
    expect(cardMessages.filter((m) => m.type === 'event' && m.event.type === 'transcript')).toEqual([]);
    expect(client.messages.filter((m) => CARD_DIGITS.test(wordsOf(m)))).toEqual([]);
    expect(logLines.filter((l) => CARD_DIGITS.test(wordsOf(l)))).toEqual([]);
    // One pause and one resume however often the button was pressed; the audit names the agent.
    expect(client.events().filter((e) => e.type === 'recording.paused')).toHaveLength(1);
    expect(client.events().filter((e) => e.type === 'recording.resumed')).toHaveLength(1);
    const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true });
    const audit = db
      .prepare("SELECT action, actor, payload FROM audit_log WHERE call_id = ? AND action LIKE 'card-entry.%' ORDER BY seq")
      .all(session.callId);
    db.close();
    expect(audit).toEqual([
      { action: 'card-entry.started', actor: 'admin', payload: expect.any(String) },
      { action: 'card-entry.ended', actor: 'admin', payload: expect.any(String) },
    ]);
    expect(audit.filter((a) => CARD_DIGITS.test(wordsOf(a)))).toEqual([]);
    const dropped = logLines.filter((l) => l.includes('utterance dropped during card entry') && l.includes(session.callId));
    expect(dropped).toHaveLength(cardUtterances);
  }, 180_000);
});
