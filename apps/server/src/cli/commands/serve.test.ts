import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../../bin/switchboard.mjs');

function serve(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-serve-'));
  const result = spawnSync(process.execPath, [bin, 'serve'], {
    env: { ...process.env, PORT: '0', SWITCHBOARD_DB: join(dir, 'sb.db'), ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stderr: result.stderr };
}

describe('switchboard serve refuses bad configuration', () => {
  it('exits 2 naming every bad variable', () => {
    const r = serve({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('LOG_LEVEL');
    expect(r.stderr).not.toContain('internal error');
  });

  it('exits 2 naming the file and field of an invalid flow', () => {
    const flow = join(mkdtempSync(join(tmpdir(), 'sb-flow-')), 'flow.yaml');
    writeFileSync(flow, 'id: broken\nname: Broken\n');
    const r = serve({ SWITCHBOARD_FLOW: flow });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${flow}: greeting`);
    expect(r.stderr).not.toContain('internal error');
  });
});
