import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../auth/password.js';
import { parseEnv } from '../../env.js';

const bin = join(import.meta.dirname, '../../../bin/switchboard.mjs');

/** `switchboard hash-password ARGS` as a real process with INPUT piped to its stdin. */
function hashPassword(input: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [bin, 'hash-password', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('switchboard hash-password', () => {
  it('prints only a hash of the piped password that password.ts verifies and env.ts accepts', async () => {
    const { code, stdout, stderr } = hashPassword('correct horse battery\nsecond line is ignored\n');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^scrypt\$131072\$8\$1\$[^\n]+\n$/);
    const hash = stdout.trim();
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batter', hash)).toBe(false);
    expect(parseEnv({ SWITCHBOARD_ADMIN_PASSWORD_HASH: hash }).SWITCHBOARD_ADMIN_PASSWORD_HASH).toBe(hash);
  }, 60_000);

  it('takes input without a final newline, and strips a CRLF line ending', async () => {
    const bare = hashPassword('no-newline-pw');
    expect(bare.code).toBe(0);
    expect(await verifyPassword('no-newline-pw', bare.stdout.trim())).toBe(true);
    const crlf = hashPassword('windows-pw\r\n');
    expect(crlf.code).toBe(0);
    expect(await verifyPassword('windows-pw', crlf.stdout.trim())).toBe(true);
  }, 60_000);

  it.each([
    ['empty input', '', 'no password given on standard input'],
    ['an empty line', '\n', 'no password given on standard input'],
    ['a short password', 'short\n', 'the password is 5 characters; use at least 8'],
    ['a password login would refuse', `${'x'.repeat(1001)}\n`, 'the password is 1001 characters; staff login accepts at most 1000'],
  ])(
    'rejects %s with exit 2 and prints no hash',
    (_name, input, message) => {
      const { code, stdout, stderr } = hashPassword(input);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`switchboard hash-password: ${message}`);
    },
    60_000,
  );

  it('refuses a password given as an argument, so it never lands in shell history', () => {
    const { code, stdout, stderr } = hashPassword('', 'hunter2hunter2');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('never from arguments');
    expect(stderr).toContain('Usage:');
  }, 60_000);

  it('is listed in switchboard --help and explains itself with --help', () => {
    const overview = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(overview.stdout).toMatch(/hash-password\s+Print the scrypt hash/);
    const help = hashPassword('', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('SWITCHBOARD_ADMIN_PASSWORD_HASH');
  }, 60_000);
});
