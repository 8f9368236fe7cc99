import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hashPassword } from '../src/auth/password.js';
import { createTelnyxSigningKey, signTelnyxBody } from '../src/simulators/webhook-signers.js';
import { CallClient } from './support/call-client.js';
import { freePort, type ServerProcess, startServerProcess } from './support/server-process.js';
import { defaultFlow } from './support/speech.js';

const MB = 1024 * 1024;
const telnyxKey = createTelnyxSigningKey();

/** Every POST route of a server with all three carriers (one on media streams) and the LiveKit webhook. */
const POST_ROUTES = [
  '/api/sessions',
  '/api/auth/login',
  '/api/auth/logout',
  '/api/livekit/token',
  '/api/calls/some-call/card-entry',
  '/webhooks/livekit',
  '/webhooks/twilio/voice',
  '/webhooks/twilio/gather',
  '/webhooks/twilio/status',
  '/webhooks/telnyx/voice',
  '/webhooks/telnyx/status',
  '/webhooks/telnyx/texml',
  '/webhooks/telnyx/gather',
  '/webhooks/telnyx/texml-status',
  '/webhooks/signalwire/voice',
  '/webhooks/signalwire/stream-ended',
  '/webhooks/signalwire/status',
];

/** The server's resident memory, from /proc (the child is the server itself: node, not a wrapper). */
const rssBytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/**
 * Offers a 100 MB body — declared up front with Content-Length, or chunked with no length — on a
 * raw socket, writing 1 MB at a time until the server answers (or closes); returns the status
 * line's code and how much was written before the answer.
 */
function hugePost(
  port: number,
  path: string,
  mode: 'content-length' | 'chunked',
): Promise<{ path: string; mode: string; status: number; sentBytes: number }> {
  const total = 100 * MB;
  const chunk = Buffer.alloc(MB, 0x61);
  const framed = mode === 'chunked' ? Buffer.concat([Buffer.from(`${MB.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
  return new Promise((resolve) => {
    let sent = 0;
    let status = 0;
    let received = '';
    const socket = connect(port, '127.0.0.1');
    const finish = () => resolve({ path, mode, status, sentBytes: sent });
    socket.on('data', (data) => {
      received += data.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (m && !status) {
        status = Number(m[1]);
        socket.destroy();
        finish();
      }
    });
    socket.on('error', () => undefined); // EPIPE/ECONNRESET once the server stops reading: the status is what counts
    socket.on('close', () => (status ? undefined : finish()));
    const head = [
      `POST ${path} HTTP/1.1`,
      'host: 127.0.0.1',
      'content-type: application/json',
      mode === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${total}`,
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    const pump = () => {
      while (!status && !socket.destroyed && sent < total) {
        sent += chunk.length;
        if (!socket.write(framed)) return void socket.once('drain', pump);
      }
      if (!status && !socket.destroyed && mode === 'chunked') socket.write('0\r\n\r\n');
    };
    pump();
  });
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined };
}

const switchboardSeries = (metrics: string) => metrics.split('\n').filter((l) => l.startsWith('switchboard_'));

describe('hostile traffic against the real server', () => {
  let server: ServerProcess;
  let dataDir: string;
  let publicUrl: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sb-hostile-'));
    const flow = defaultFlow();
    const flowPath = join(dataDir, 'flow.json');
    writeFileSync(flowPath, JSON.stringify({ ...flow, consent: { ...flow.consent, answerTimeoutMs: 25_000 } }));
    const carriers = join(dataDir, 'carriers.yaml');
    const common = { costPerMinuteUsd: { inbound: 0.0085, outbound: 0.014 }, maxConcurrent: 10, baseUrl: 'http://127.0.0.1:9' };
    writeFileSync(
      carriers,
      stringify({
        providers: [
          { name: 'twilio', priority: 1, ...common, credentials: { accountSid: 'AC0000', authToken: 'hostile-auth-token-0123' } },
          {
            name: 'telnyx',
            priority: 2,
            ...common,
            credentials: { apiKey: 'KEY0', connectionId: 'conn-1', publicKey: telnyxKey.publicKeyBase64 },
          },
          {
            name: 'signalwire',
            priority: 3,
            ...common,
            audio: 'media-stream',
            credentials: { projectId: 'p', apiToken: 't', signingKey: 'sk' },
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
        SWITCHBOARD_ADMIN_PASSWORD_HASH: await hashPassword('correct horse battery'), // production scrypt cost
        // As if behind one reverse proxy: the client address is the last X-Forwarded-For entry. On
        // loopback every test client is 127.0.0.1, so this is how a flood and a real caller differ.
        SWITCHBOARD_TRUSTED_PROXY_HOPS: '1',
      },
    });
  }, 120_000);
  afterAll(async () => server?.stop());

  it('every POST route is real, and refuses a 100 MB body (declared or chunked) with 413 at flat memory', async () => {
    // The list is not stale: a small unsigned/unauthenticated body reaches each route (never the generic 404).
    for (const path of POST_ROUTES) {
      const res = await postJson(`${server.url}${path}`, {}, { 'x-forwarded-for': '192.0.2.1' });
      expect(res.body?.error === 'not found' && res.status === 404, `${path} → ${res.status} ${JSON.stringify(res.body)}`).toBe(false);
    }
    const pid = server.proc.pid as number;
    const before = rssBytes(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
    const results = [];
    const jobs = POST_ROUTES.flatMap((path) => [
      () => hugePost(server.port, path, 'content-length'),
      () => hugePost(server.port, path, 'chunked'),
    ]);
    try {
      // Eight at a time, like the eight 400 MB posts that took main to 4.5 GB.
      for (let i = 0; i < jobs.length; i += 8) results.push(...(await Promise.all(jobs.slice(i, i + 8).map((job) => job()))));
    } finally {
      clearInterval(sampler);
    }
    for (const r of results) expect(r.status, `${r.path} (${r.mode})`).toBe(413);
    const growthMb = (peak - before) / MB;
    const offeredMb = results.length * 100;
    console.log(
      `[hostile] ${results.length} posts of 100 MB offered (${offeredMb} MB): server RSS ${(before / MB).toFixed(0)} MB → peak ${(peak / MB).toFixed(0)} MB (+${growthMb.toFixed(1)} MB); client wrote ${(results.reduce((n, r) => n + r.sentBytes, 0) / MB).toFixed(0)} MB before the answers`,
    );
    expect(growthMb).toBeLessThan(64);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 180_000);

  it('a session flood from one address gets 429 while a real caller from another gets in at position 1', async () => {
    const flood = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.66' } }),
      ),
    );
    const statuses = flood.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10); // SWITCHBOARD_SESSIONS_PER_IP_PER_MINUTE default
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect(Number(flood.find((r) => r.status === 429)?.headers.get('retry-after'))).toBeGreaterThan(0);

    const session = await postJson(`${server.url}/api/sessions`, {}, { 'x-forwarded-for': '198.51.100.7' });
    expect(session.status).toBe(201);
    const { callId, resumeToken, transport } = session.body as { callId: string; resumeToken: string; transport: { url: string } };
    const client = new CallClient(transport.url);
    await client.opened;
    client.send({ type: 'hello', resumeToken, lastSeq: 0, vad: 'browser' });
    await client.waitFor((m) => m.type === 'tts' && m.state === 'end' && m.promptId === 'consent.announcement');
    client.send({ type: 'consent', id: 'c-1', answer: 'yes' });
    await client.waitForEvent('consent.decided', { decision: 'granted' });
    client.send({ type: 'text', id: 't-1', text: 'I need help with my invoice' });
    expect(await client.waitForEvent('queue.joined', {}, 30_000)).toMatchObject({ queue: 'billing', position: 1 });
    client.send({ type: 'hangup', id: 'h-1' });
    await client.waitForEvent('call.ended');
    client.close();
    expect(callId).toBeTruthy();
  }, 120_000);

  it('50 parallel wrong logins: the address is refused with 429 before scrypt runs, /healthz stays healthy', async () => {
    const login = (password: string) => postJson(`${server.url}/api/auth/login`, { user: 'admin', password });
    const health: Promise<number>[] = [];
    const pid = server.proc.pid as number;
    const before = rssBytes(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
    const attempts = Promise.all(Array.from({ length: 50 }, (_, i) => login(`guess-${i}`)));
    for (let i = 0; i < 10; i++) health.push(fetch(`${server.url}/healthz`).then((r) => r.status));
    const statuses = (await attempts).map((r) => r.status).sort();
    clearInterval(sampler);
    console.log(
      `[hostile] 50 parallel wrong logins: server RSS ${(before / MB).toFixed(0)} MB → peak ${(peak / MB).toFixed(0)} MB (+${((peak - before) / MB).toFixed(1)} MB)`,
    );
    // Five scrypt checks of ~128 MB each ran one at a time, never side by side (main: 200 × 128 MB, unbounded).
    expect((peak - before) / MB).toBeLessThan(256);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5); // SWITCHBOARD_LOGIN_FAILURES_PER_IP default
    expect(statuses.filter((s) => s === 429)).toHaveLength(45);
    expect(await Promise.all(health)).toEqual(Array(10).fill(200));
    // Blocked means blocked: the right password from that address is refused too, unchecked.
    expect((await login('correct horse battery')).status).toBe(429);
    // Staff behind the proxy from another address still log in.
    expect(
      (
        await postJson(
          `${server.url}/api/auth/login`,
          { user: 'admin', password: 'correct horse battery' },
          { 'x-forwarded-for': '198.51.100.8' },
        )
      ).status,
    ).toBe(200);
  }, 120_000);

  it('2,000 junk webhook paths add no metric series', async () => {
    const junk = async (from: number) => {
      for (let i = from; i < from + 1000; i += 50)
        await Promise.all(
          Array.from({ length: 50 }, (_, j) =>
            fetch(`${server.url}/webhooks/${j % 2 ? `junk-${i + j}/x` : `twilio/junk-${i + j}`}`, { method: 'POST', body: 'a=1' }).then(
              (r) => r.status,
            ),
          ),
        );
    };
    await junk(0); // the first junk may add the one "unknown" label
    const before = switchboardSeries(await (await fetch(`${server.url}/metrics`)).text());
    await junk(1000);
    const after = switchboardSeries(await (await fetch(`${server.url}/metrics`)).text());
    expect(after.length).toBe(before.length);
    const sources = new Set(
      after.filter((l) => l.startsWith('switchboard_webhook_seconds_count')).map((l) => /source="([^"]+)"/.exec(l)?.[1]),
    );
    // Only senders with routes (the first test reached every one of them) and the one "unknown".
    for (const source of sources) expect(['livekit', 'signalwire', 'telnyx', 'twilio', 'unknown']).toContain(source);
    expect(sources.has('unknown')).toBe(true);
    // The second thousand all landed on labels that already existed: half on "unknown", half on "twilio".
    const count = (lines: string[], source: string) =>
      Number(lines.find((l) => l.startsWith(`switchboard_webhook_seconds_count{source="${source}"}`))?.split(' ')[1] ?? 0);
    expect(count(after, 'unknown') - count(before, 'unknown')).toBe(500);
    expect(count(after, 'twilio') - count(before, 'twilio')).toBe(500);
  }, 120_000);

  it('a signed Telnyx Gather replayed with another turn in the URL has no second effect', async () => {
    const callSid = 'v3:hostile-replay-1';
    const callId = `pstn-telnyx-${callSid}`;
    const post = async (
      url: string,
      params: Record<string, string>,
      signed = signTelnyxBody(telnyxKey, url, new URLSearchParams(params).toString(), 'application/x-www-form-urlencoded'),
    ) => {
      const res = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
      return {
        status: res.status,
        body: (await res.text()).replaceAll('&amp;', '&'),
        signed,
        repeat: res.headers.get('x-switchboard-repeat'),
      };
    };
    const action = (texml: string) => /<Gather [^>]*action="([^"]+)"/.exec(texml)?.[1] ?? '';
    const voice = await post(`${publicUrl}/webhooks/telnyx/texml`, {
      AccountSid: 'acc',
      CallSid: callSid,
      From: '+14155550123',
      To: '+14155550100',
    });
    expect(voice.status).toBe(200);
    const turn1 = action(voice.body);
    const consent = await post(turn1, { CallSid: callSid, SpeechResult: 'yes' });
    const turn2 = action(consent.body);
    expect(turn2).toContain('turn=2');
    // Unclear, so the call goes on (a replay that ended the call would be refused for that reason alone).
    const request = await post(turn2, { CallSid: callSid, SpeechResult: 'well hmm' });
    expect(request.body).toContain('<Gather');
    expect(request.status).toBe(200);

    // The attacker has the signed body, timestamp and signature; Telnyx did not sign the URL.
    const replayUrl = turn2.replace('turn=2', 'turn=9');
    const replay = await post(replayUrl, {}, { ...request.signed, url: replayUrl });
    expect(replay.status).toBe(200);
    // One effect: the request is in the call log once, under its real turn.
    const db = new Database(join(dataDir, 'switchboard-calls.db'), { readonly: true });
    try {
      const said = db.prepare("SELECT event_id FROM call_events WHERE call_id = ? AND type = 'caller.said'").all(callId) as {
        event_id: string;
      }[];
      expect(said.map((r) => r.event_id)).toEqual(['gather:1:said', 'gather:2:said']);
    } finally {
      db.close();
    }

    // Same answer as the first time, from the dedup table.
    expect(replay.repeat).toBe('1');
    expect(replay.body).toBe(request.body);
  }, 120_000);
});
