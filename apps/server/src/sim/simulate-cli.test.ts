import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { CallEventSchema } from '@switchboard/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';

const scenariosDir = join(import.meta.dirname, '../../scenarios');
const scenarioFiles = readdirSync(scenariosDir).filter((f) => /\.(ya?ml|json)$/.test(f));
const tmp = mkdtempSync(join(tmpdir(), 'sb-simulate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `switchboard ARGS` in-process and captures its streams. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const code = await main(args, { stdout, stderr, stdin: new PassThrough() });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function scenario(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe('switchboard simulate', () => {
  it('has scenario files to run', () => {
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(5);
  });

  it.each(scenarioFiles)(
    '%s: every expect holds (exit 0) and every line is a valid call event',
    async (file) => {
      const { code, stdout, stderr } = await cli('simulate', join(scenariosDir, file));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const lines = stdout.trim().split('\n');
      for (const line of lines) expect(CallEventSchema.safeParse(JSON.parse(line)).success).toBe(true);
      const atMs = lines.map((l) => (JSON.parse(l) as { atMs: number }).atMs);
      expect(atMs).toEqual([...atMs].sort((a, b) => a - b));
    },
    180_000,
  ); // the audio scenario loads Silero and runs pocketsphinx: slow on a busy 2-core machine

  it('exits 1 on a failed expect, naming the step and listing the events seen since the previous expect', async () => {
    const path = scenario(
      'fails.yaml',
      [
        'caller: "+4930901820"',
        'steps:',
        '  - say: "yes"',
        '  - expect: { type: consent.decided, decision: declined }',
        '  - expect: { type: prompt, id: greeting }',
      ].join('\n'),
    );
    const { code, stdout, stderr } = await cli('simulate', path);
    expect(code).toBe(1);
    expect(stdout).toContain('"type":"consent.decided"');
    expect(stderr).toContain(`${path}: steps[1].expect did not hold: {"type":"consent.decided","decision":"declined"}`);
    expect(stderr).toMatch(/events since the previous expect \(\d+\):\n {4}\{"type":"call.started"/);
    // Only the failed expect is reported: the next one still held.
    expect(stderr).not.toContain('steps[2]');
  });

  it('keeps card digits keyed or spoken during a PCI pause out of every event', async () => {
    const { code, stdout } = await cli('simulate', join(scenariosDir, 'pci-pause.yaml'));
    expect(code).toBe(0);
    expect(stdout).toContain('"type":"recording.paused","reason":"pci"');
    expect(stdout).not.toMatch(/4111|4 1 1 1/);
  });

  it('exits 1 when an expectNone finds the event it rules out, and prints that event', async () => {
    const path = scenario(
      'none.yaml',
      ['caller: "+4930901820"', 'steps:', '  - dtmf: "1"', '  - expectNone: { type: recording.started }'].join('\n'),
    );
    const { code, stderr } = await cli('simulate', path);
    expect(code).toBe(1);
    expect(stderr).toContain(`${path}: steps[1].expectNone did not hold: {"type":"recording.started"} matched`);
    expect(stderr).toMatch(/\{"type":"recording.started","recordingId":"rec_[0-9a-f]{32}"/);
  });

  it('exits 2 on an invalid scenario, naming the file, the field path and what is wrong', async () => {
    const path = scenario(
      'bad.yaml',
      ['caller: "+4930901820"', 'steps:', '  - say: hi', '  - dtmf: "1"', '  - consent: yes', '  - wait: soon'].join('\n'),
    );
    const { code, stderr } = await cli('simulate', path);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: steps\\[3\\]\\.wait: .*expected number`, 'm'));
  });

  it('exits 2 on an unknown step, bad JSON, a missing file and an invalid flow', async () => {
    const unknown = await cli('simulate', scenario('unknown.json', JSON.stringify({ caller: 'anonymous', steps: [{ shout: 'hi' }] })));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown.json: steps[0].shout: unknown step "shout"');
    const agents = await cli(
      'simulate',
      scenario('agents.yaml', 'caller: anonymous\nsteps:\n  - agents: { queue: billing, staffed: 1, available: 2 }\n'),
    );
    expect(agents.code).toBe(2);
    expect(agents.stderr).toContain('agents.yaml: steps[0].agents.staffed: staffed counts the available agents too');
    const broken = await cli('simulate', scenario('broken.json', '{"caller": '));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json: not valid JSON');
    const missing = await cli('simulate', join(tmp, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: cannot read: ENOENT');
    const flow = scenario('flow.yaml', 'id: x\nname: y\ngreeting: hi\nintents: []\n');
    const badFlow = await cli('simulate', scenario('ok.yaml', 'caller: anonymous\nsteps: [{ wait: 1 }]\n'), '--flow', flow);
    expect(badFlow.code).toBe(2);
    expect(badFlow.stderr).toContain(`${flow}: intents:`);
  });

  it('exits 2 with usage when no file is given, and prints help', async () => {
    const none = await cli('simulate');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: switchboard simulate FILE');
    const help = await cli('simulate', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--flow FILE');
  });

  it('exits 2 when an audio step names a recording that is not there', async () => {
    const path = scenario('audio.yaml', 'caller: anonymous\nsteps:\n  - say: hi\n  - audio: hello.wav\n');
    const { code, stderr } = await cli('simulate', path);
    expect(code).toBe(2);
    expect(stderr).toBe(`${path}: steps[1].audio: no such file hello.wav\n`);
  });

  it('works as a real process through bin/switchboard.mjs', () => {
    const bin = join(import.meta.dirname, '../../bin/switchboard.mjs');
    const run = spawnSync(process.execPath, [bin, 'simulate', join(scenariosDir, 'dtmf-routing.yaml')], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('"type":"handoff","to":"technical"');
  }, 120_000);
});
