import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../../bin/switchboard.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, 'cost', ...args], { encoding: 'utf8' });

describe('switchboard cost estimate (real CLI)', () => {
  it('--reference prints $52.50 routed vs $85.00 on the primary', () => {
    const run = cli('estimate', '--reference');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({
      routedUsd: 52.5,
      allOnPrimaryUsd: 85,
      primary: 'twilio',
      display: { routed: '$52.50', allOnPrimary: '$85.00' },
    });
  });

  it('uses the minutes and rates given', () => {
    const run = cli('estimate', '--minutes', 'general_support=1000,outbound_marketing=500', '--rates', 'telnyx=0.004,bandwidth=0.001');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.breakdown.outbound_marketing).toMatchObject({ provider: 'bandwidth', costUsd: 0.5 });
    expect(out.routedUsd).toBe(9); // 1000 × 0.0085 + 500 × 0.001
    expect(out.allOnPrimaryUsd).toBe(12.75);
  });

  it('reads priorities and rates from a provider config file, naming a bad field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-cost-'));
    const good = join(dir, 'carriers.yaml');
    writeFileSync(
      good,
      [
        '- name: telnyx',
        '  priority: 1',
        '  costPerMinuteUsd: { inbound: 0.0035, outbound: 0.005 }',
        '  maxConcurrent: 100',
        '  baseUrl: https://api.telnyx.com',
        '  credentials: { apiKey: k, connectionId: c, publicKey: ' + btoa('p'.repeat(32)) + ' }',
        '- name: twilio',
        '  priority: 2',
        '  costPerMinuteUsd: { inbound: 0.0085, outbound: 0.014 }',
        '  maxConcurrent: 100',
        '  baseUrl: https://api.twilio.com',
        '  credentials: { accountSid: AC1, authToken: t }',
      ].join('\n'),
    );
    const run = cli('estimate', '--config', good, '--minutes', 'general_support=1000,outbound_marketing=1000');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.primary).toBe('telnyx');
    expect(out.breakdown.outbound_marketing).toMatchObject({ provider: 'telnyx', ratePerMinuteUsd: 0.005 });
    expect(out.routedUsd).toBe(8.5); // 1000 × 0.0035 + 1000 × 0.005
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, '- name: twilio\n  priority: first\n');
    const failed = cli('estimate', '--config', bad, '--reference');
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('providers[0].priority');
  });

  it('exits 2 naming the bad argument', () => {
    const run = cli('estimate', '--minutes', 'general_support=lots');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('general_support=lots');
  });
});
