import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A fresh directory for a real SQLite file and its recordings; `cleanup()` removes it. */
export function tempDataDir(): { dir: string; dbPath: string; recordingsDir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-compliance-'));
  return {
    dir,
    dbPath: join(dir, 'switchboard.db'),
    recordingsDir: join(dir, 'recordings'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const mainTs = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Runs the real `switchboard` CLI (through tsx, like bin/switchboard.mjs) in a child process. */
export function runCli(args: string[], env: Record<string, string> = {}) {
  const { SWITCHBOARD_DB: _ignored, ...rest } = process.env;
  const res = spawnSync(process.execPath, [tsxCli, mainTs, ...args], { encoding: 'utf8', env: { ...rest, ...env }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Runs a TypeScript file in a child node process with tsx's loader (`node --import tsx`), so the
 * script runs in that very process and a signal it sends itself is what the parent sees.
 */
export function runTs(file: string, args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr };
}
