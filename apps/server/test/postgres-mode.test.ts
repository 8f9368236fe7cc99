import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallClient, createSession } from './support/call-client.js';
import { type PostgresServer, startPostgres } from './support/postgres-server.js';
import { freePort, type ServerProcess, startServerProcess } from './support/server-process.js';
import { defaultFlow } from './support/speech.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'switchboard.mjs');
const noise = (frames: number) => Int16Array.from({ length: frames * 512 }, () => Math.round((Math.random() - 0.5) * 200));

/**
 * PostgreSQL mode as a new deployment runs it: a working directory with no ./.data, files
 * under SWITCHBOARD_DATA_DIR only (issue 11: the audit head used to go to ./.data regardless,
 * so every consent failed). A real PostgreSQL server, the real `serve`, the real CLI.
 */
describe('PostgreSQL mode from a fresh working directory', () => {
  let pg: PostgresServer;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    pg?.stop();
  });

  it('takes consent, records the call and verifies the audit chain, with every file in the data dir', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sb-pg-cwd-'));
    const dataDir = join(cwd, 'state');
    const flow = defaultFlow();
    const flowPath = join(cwd, 'flow.json');
    writeFileSync(flowPath, JSON.stringify({ ...flow, consent: { ...flow.consent, answerTimeoutMs: 25_000 } }));
    const env = { SWITCHBOARD_DB: pg.url, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_FLOW: flowPath };
    const port = await freePort();
    server = await startServerProcess({ port, dataDir: cwd, env });

    const session = await createSession(server.url);
    const client = new CallClient(`ws://127.0.0.1:${port}/ws/calls/${session.callId}`);
    await client.opened;
    client.send({ type: 'hello', resumeToken: session.resumeToken, lastSeq: 0, vad: 'server' });
    await client.waitFor((m) => m.type === 'tts' && m.state === 'end' && m.promptId === 'consent.announcement', 40_000);
    client.send({ type: 'consent', id: 'c-1', answer: 'yes' });
    await client.waitForEvent('consent.decided', { decision: 'granted', method: 'web' });
    await client.waitForEvent('recording.started');
    await client.stream(noise(30));
    client.send({ type: 'hangup', id: 'h-1' });
    await client.waitForEvent('call.ended');
    client.ws.close();
    await server.stop();

    expect(existsSync(join(cwd, '.data'))).toBe(false);
    expect(existsSync(join(dataDir, 'audit-head.json'))).toBe(true);
    // The consented audio is in the vault under the data dir.
    expect(readdirSync(join(dataDir, 'recordings')).length).toBeGreaterThan(0);
    const verify = await run(process.execPath, [BIN, 'audit', 'verify'], { cwd, env: { ...process.env, ...env } });
    const summary = JSON.parse(verify.stdout) as { ok?: boolean; count?: number; headSeq?: number; publishedSeq?: number };
    expect(summary).toMatchObject({ ok: true });
    expect(summary.count).toBeGreaterThan(0);
    // Checked against the head published in the data dir, not a missing one.
    expect(summary.publishedSeq).toBe(summary.headSeq);
  }, 180_000);
});
