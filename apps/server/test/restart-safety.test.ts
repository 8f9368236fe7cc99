import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav } from '@switchboard/audio';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/auth/password.js';
import { CallClient, createSession } from './support/call-client.js';
import { freePort, type ServerProcess, startServerProcess } from './support/server-process.js';
import { defaultFlow } from './support/speech.js';

const noise = (frames: number) => Int16Array.from({ length: frames * 512 }, () => Math.round((Math.random() - 0.5) * 200));

describe('restart safety: kill -9 mid-call, restart, reconnect with the resumeToken', () => {
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it('resumes the same call from its durable log with consent and recording intact', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-restart-'));
    const flow = defaultFlow();
    // See web-call.test.ts: the engine starts the answer window before the announcement ends.
    const flowPath = join(dataDir, 'flow.json');
    writeFileSync(flowPath, JSON.stringify({ ...flow, consent: { ...flow.consent, answerTimeoutMs: 25_000 } }));
    const env = { SWITCHBOARD_FLOW: flowPath, SWITCHBOARD_ADMIN_PASSWORD_HASH: await hashPassword('s3cret', { N: 1024, r: 8, p: 1 }) };
    const port = await freePort();
    const first = await startServerProcess({ port, dataDir, env });
    servers.push(first);

    const session = await createSession(first.url);
    const url = `ws://127.0.0.1:${port}/ws/calls/${session.callId}`;
    const before = new CallClient(url);
    await before.opened;
    before.send({ type: 'hello', resumeToken: session.resumeToken, lastSeq: 0, vad: 'server' });
    await before.waitFor((m) => m.type === 'tts' && m.state === 'end' && m.promptId === 'consent.announcement', 40_000);
    before.send({ type: 'consent', id: 'c-1', answer: 'yes' });
    const started = await before.waitForEvent('recording.started');
    const recordingId = (started as { recordingId: string }).recordingId;
    // The caller goes on talking for a while (real 32 ms pace) before the crash.
    await before.stream(noise(40));
    await before.waitForEvent('prompt', { text: flow.greeting });
    await new Promise((r) => setTimeout(r, 500));
    const lastSeq = before.lastSeq();

    await first.kill9();
    expect((await before.closed).code).toBe(1006);

    const second = await startServerProcess({ port, dataDir, env });
    servers.push(second);
    const after = new CallClient(url);
    await after.opened;
    after.send({ type: 'hello', resumeToken: session.resumeToken, lastSeq, vad: 'server' });
    await after.waitFor((m) => m.type === 'ready' && m.callId === session.callId);
    await after.stream(noise(20));
    // The same consent message resent after the reconnect, and a key pressed twice: one effect each.
    after.send({ type: 'consent', id: 'c-1', answer: 'yes' });
    after.send({ type: 'dtmf', id: 'd-1', digit: '1' });
    after.send({ type: 'dtmf', id: 'd-1', digit: '1' });
    await after.waitForEvent('intent', { intent: 'billing', via: 'dtmf' });
    await after.waitForEvent('handoff', { to: 'billing' });

    const resumed = after.messages.flatMap((m) => (m.type === 'event' ? [m] : []));
    // Only what the visitor had not seen, numbered on from where it left off.
    expect(resumed[0]?.seq).toBe(lastSeq + 1);
    const types = resumed.map((m) => m.event.type);
    expect(types).not.toContain('call.started');
    expect(types).not.toContain('consent.requested');
    expect(types).not.toContain('consent.decided');
    expect(types).not.toContain('recording.started');
    expect(types.filter((t) => t === 'intent')).toHaveLength(1);

    // Recording: staff only; the audio taken before the crash and after the restart is there.
    expect((await fetch(`${second.url}/api/recordings/${recordingId}`)).status).toBe(401);
    const login = await fetch(`${second.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'admin', password: 's3cret' }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const rec = await fetch(`${second.url}/api/recordings/${recordingId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(rec.status).toBe(200);
    const wav = parseWav(new Uint8Array(await rec.arrayBuffer()));
    expect(wav.sampleRate).toBe(16000);
    expect(wav.samples.length).toBeGreaterThanOrEqual(55 * 512);
    after.close();
  }, 240_000);
});
