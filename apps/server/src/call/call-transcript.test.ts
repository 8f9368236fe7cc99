import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { announcementFor, createMemoryComplianceStore, resolveJurisdiction, type TranscriptEntry } from '@switchboard/compliance';
import { parseFlow } from '@switchboard/ivr';
import type { Classification, Flow } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SimulatedClock } from '../clock/simulated-clock.js';
import { createCallRuntime } from './call-runtime.js';
import { ivrEngine } from './ivr-engine.js';
import { createMemoryEventLog } from './memory-event-log.js';
import type { Classifier } from './ports.js';

const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '../../../../packages/ivr/flows/default.yaml'), 'utf8')));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const flow: Flow = parsed.value;

const general: Classifier = {
  name: 'test-general',
  async classify(): Promise<Classification> {
    return { intent: 'general', confidence: 0.3, sentiment: 'neutral', entities: {} };
  },
};

/** A call on the memory compliance store; `handed` is what the runtime passed to appendTranscript, before the store's own masking. */
async function call(caller: string) {
  const clock = new SimulatedClock();
  const store = createMemoryComplianceStore({ now: () => new Date(clock.now()) });
  const handed: TranscriptEntry[] = [];
  const compliance = {
    ...store,
    appendTranscript: (e: TranscriptEntry) => {
      handed.push(structuredClone(e));
      return store.appendTranscript(e);
    },
  };
  const runtime = createCallRuntime({
    callId: 'call-t',
    flow,
    engine: ivrEngine,
    clock,
    classifier: general,
    compliance,
    log: createMemoryEventLog(),
    sink: () => undefined,
  });
  const jurisdiction = resolveJurisdiction(caller);
  const announcement = await announcementFor(jurisdiction.regime, flow.language);
  await runtime.connect({ caller, channel: 'pstn', tier: 'standard', industry: 'general', jurisdiction, announcement });
  await runtime.idle();
  const say = async (text: string) => {
    await clock.advance(1_000);
    await runtime.input({ type: 'caller.said', text });
    await runtime.idle();
  };
  const callerLines = () => store.transcripts.filter((t) => t.role === 'caller').map((t) => t.text);
  return { clock, store, handed, runtime, say, callerLines, announcement };
}

describe('caller transcripts reach the compliance store', () => {
  it('stores what is said after a grant, masked, with the caller as pii, and nothing during card entry', async () => {
    const c = await call('+4930901820');
    await c.say('yes, you may record');
    // The answer to the consent question was given while consent was pending: not kept.
    expect(c.store.transcripts).toHaveLength(c.store.transcripts.filter((t) => t.role === 'system').length);
    expect(c.store.transcripts.some((t) => t.text === c.announcement.text)).toBe(false);
    expect(c.store.transcripts.filter((t) => t.role === 'system').length).toBeGreaterThan(0);

    await c.say('my card 4111 1111 1111 1111 was charged twice');
    expect(c.callerLines()).toEqual(['my card **** **** **** **** was charged twice']);
    // Masked by the runtime before the store sees it, not only by this store.
    expect(JSON.stringify(c.handed)).not.toMatch(/4111/);
    const line = c.store.transcripts.find((t) => t.role === 'caller');
    expect(line).toMatchObject({ callId: 'call-t', offsetMs: 2_000, pii: { caller: '+4930901820' } });
    expect(line?.at).toBe(new Date(Date.UTC(2026, 0, 1) + 2_000).toISOString());

    await c.runtime.input({ type: 'payment.started' });
    const before = c.handed.length;
    await c.say('the expiry is twelve twenty eight, code 737');
    await c.runtime.input({ type: 'caller.dtmf', digit: '7' });
    await c.runtime.idle();
    expect(c.handed.length).toBe(before);
    expect(JSON.stringify(c.handed)).not.toMatch(/737|twelve/);

    await c.runtime.input({ type: 'payment.ended' });
    await c.say('thanks, that was all');
    expect(c.callerLines().at(-1)).toBe('thanks, that was all');
    expect(c.runtime.failures()).toEqual([]);
  });

  it('stores nothing when the caller declines, by voice or by silence', async () => {
    const spoken = await call('+4930901820');
    await spoken.say('no, do not record');
    await spoken.say('I have a question about my invoice');
    expect(spoken.runtime.state().consent.status).toBe('declined');
    expect(spoken.handed).toEqual([]);

    const silent = await call('+4930901820');
    await silent.clock.advance(12_000);
    await silent.runtime.idle();
    await silent.say('hello, is anyone there');
    expect(silent.runtime.state().consent).toMatchObject({ status: 'declined' });
    expect(silent.handed).toEqual([]);
  });

  it('stops storing at a withdrawal, and does not keep the withdrawal itself', async () => {
    const c = await call('+4930901820');
    await c.say('yes');
    await c.say('my router keeps dropping');
    const systemBefore = c.store.transcripts.filter((t) => t.role === 'system').length;
    await c.say('please stop recording');
    await c.say('anyway my router keeps dropping');
    expect(c.runtime.state().consent.status).toBe('withdrawn');
    expect(c.callerLines()).toEqual(['my router keeps dropping']);
    expect(c.store.transcripts.filter((t) => t.role === 'system')).toHaveLength(systemBefore);
  });

  it('stores under notice once an all-party objection window passed in silence (California)', async () => {
    const c = await call('+14155550123');
    await c.say('hello');
    expect(c.callerLines()).toEqual([]);
    await c.clock.advance(5_000);
    await c.runtime.idle();
    expect(c.runtime.state().consent).toMatchObject({ status: 'granted' });
    await c.say('I was billed twice');
    expect(c.callerLines()).toEqual(['I was billed twice']);
  });
});
