import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassificationSchema } from '@switchboard/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeChatServer, startFakeChatServer } from '../../../test/support/fake-chat-completions-server.js';

const bin = join(import.meta.dirname, '../../../bin/switchboard.mjs');
const flows = join(import.meta.dirname, '../../../../../packages/ivr/flows');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (bin → tsx → main.ts) as a child process. */
function cli(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
    for (const k of ['SWITCHBOARD_LLM_URL', 'SWITCHBOARD_LLM_MODEL', 'SWITCHBOARD_LLM_API_KEY']) if (!opts.env?.[k]) delete env[k];
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

function lines(out: string) {
  return out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer();
});
afterAll(async () => {
  await server.close();
});

// Each test spawns node + tsx; on a busy 2-core machine that takes seconds.
describe('switchboard classify (spawned CLI)', { timeout: 90_000 }, () => {
  it('prints one JSON line with exactly intent, confidence, sentiment, entities', async () => {
    const run = await cli(['classify', "This is ridiculous, I've called three times already!"]);
    expect(run.code).toBe(0);
    const [result] = lines(run.stdout);
    expect(Object.keys(result ?? {})).toEqual(['intent', 'confidence', 'sentiment', 'entities']);
    expect(ClassificationSchema.parse(result)).toMatchObject({
      intent: 'escalation',
      sentiment: 'frustrated',
      entities: { priorCalls: 3 },
    });
  });

  it('reads stdin line by line, one JSON line per line, with the flow from --flow', async () => {
    const run = await cli(['classify', '--flow', join(flows, 'task-manager.yaml')], {
      stdin: 'how do I assign a task to my colleague\n\nI was charged twice\n',
    });
    expect(run.code).toBe(0);
    expect(lines(run.stdout).map((r) => r.intent)).toEqual(['tasks', 'general', 'billing']);
  });

  it('exits 2 on a malformed flow, naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-classify-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'id: x\nname: broken\ngreeting: hi\nintents:\n  - name: billing\n    description: money\n    examples: []\n    route: b\n',
    );
    const run = await cli(['classify', 'hello', '--flow', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/intents\.0\.examples|intents\[0\]\.examples/);
  });

  const env = () => ({ SWITCHBOARD_LLM_URL: server.url, SWITCHBOARD_LLM_MODEL: 'fake-model' });
  const text = 'my router keeps dropping the connection';

  it('uses the configured LLM when SWITCHBOARD_LLM_URL is set', async () => {
    const nulls = {
      accountId: null,
      invoiceNumber: null,
      product: null,
      errorMessage: null,
      timeframe: null,
      dates: null,
      amounts: null,
      priorCalls: null,
    };
    server.behave({
      kind: 'answer',
      content: JSON.stringify({ intent: 'sales', confidence: 0.77, sentiment: 'positive', entities: nulls }),
    });
    const run = await cli(['classify', '--llm-timeout', '20000', text], { env: env() });
    expect(lines(run.stdout)[0]).toEqual({ intent: 'sales', confidence: 0.77, sentiment: 'positive', entities: {} });
  });

  it('--embedded skips the configured LLM', async () => {
    const before = server.requests.length;
    const run = await cli(['classify', '--embedded', text], { env: env() });
    expect(lines(run.stdout)[0]?.intent).toBe('technical');
    expect(server.requests.length).toBe(before);
  });

  it('falls back to the embedded classifier when the LLM answers 500, and says so on stderr', async () => {
    server.behave({ kind: 'status', status: 500 });
    const run = await cli(['classify', text], { env: env() });
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]?.intent).toBe('technical');
    expect(run.stderr).toContain('llm:fake-model failed (http');
  });
});
