import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

/**
 * Issue 13's consent scenarios (apps/server/scenarios/*.yaml; simulate-cli.test.ts runs every
 * file's expects). This checks what an `expect` subset cannot say: the words the caller heard.
 */
const scenarios = join(import.meta.dirname, '../scenarios');

async function simulate(file: string): Promise<{ type: string; id?: string; text?: string }[]> {
  const stdout = new PassThrough();
  const out: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  const code = await main(['simulate', join(scenarios, file)], { stdout, stderr: new PassThrough(), stdin: new PassThrough() });
  expect(code).toBe(0);
  return out
    .join('')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

const prompt = (events: { type: string; id?: string; text?: string }[], id: string) =>
  events.find((e) => e.type === 'prompt' && e.id === id)?.text ?? '';

describe("consent in the caller's words and language", () => {
  it('a German caller hears purpose, retention and deletion in German, and "ja" grants', async () => {
    const events = await simulate('consent-german-ja.yaml');
    const text = prompt(events, 'consent.announcement');
    expect(text).toContain('Qualitätssicherung');
    expect(text).toContain('30 Tage');
    expect(text).toContain('Löschung');
    expect(events).toContainEqual(expect.objectContaining({ type: 'consent.decided', decision: 'granted', method: 'voice' }));
  });

  it('"I\'m not sure" from a Spanish caller is asked again in Spanish and never recorded', async () => {
    const events = await simulate('consent-not-sure.yaml');
    expect(prompt(events, 'consent.announcement')).toContain('30 días');
    expect(prompt(events, 'consentReask')).toContain('¿Podemos grabar esta llamada?');
    expect(events.map((e) => e.type)).not.toContain('recording.started');
  });

  it("a request made during the question is routed with the caller's own words after consent", async () => {
    const events = await simulate('consent-request-during-question.yaml');
    const handoff = events.find((e) => e.type === 'handoff') as { context?: { statement?: string } } | undefined;
    expect(handoff?.context?.statement).toBe('I was charged twice on my credit card this month');
    expect(events.filter((e) => e.type === 'prompt' && e.id === 'greeting')).toEqual([]);
  });

  it('the PCI pause and resume are spoken to the caller', async () => {
    const events = await simulate('pci-pause-announced.yaml');
    const ids = events.filter((e) => e.type === 'prompt' || e.type.startsWith('recording.')).map((e) => e.id ?? e.type);
    expect(ids.indexOf('pciPaused')).toBe(ids.indexOf('recording.paused') + 1);
    expect(ids.indexOf('pciResumed')).toBe(ids.indexOf('recording.resumed') + 1);
  });
});
