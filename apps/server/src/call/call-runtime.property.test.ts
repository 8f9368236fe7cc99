import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryComplianceStore } from '@switchboard/compliance';
import { isPaying, parseFlow } from '@switchboard/ivr';
import type { CallEvent, Classification } from '@switchboard/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SimulatedClock } from '../clock/simulated-clock.js';
import type { CallInput } from './call-input.js';
import { createCallRuntime } from './call-runtime.js';
import { connectCaller } from './connect-caller.js';
import { ivrEngine } from './ivr-engine.js';
import { createMemoryCallQueue } from './memory-call-queue.js';
import { createMemoryEventLog } from './memory-event-log.js';
import type { Classifier } from './ports.js';

const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '../../../../packages/ivr/flows/default.yaml'), 'utf8')));
if (!parsed.ok) throw new Error('default flow invalid');
const flow = parsed.value;

/** Stand-in classifier: the property is about the runtime, not about intent accuracy. */
const classifier: Classifier = {
  name: 'test-keywords',
  async classify(text): Promise<Classification> {
    const intent = /invoice|refund/.test(text)
      ? 'billing'
      : /crash/.test(text)
        ? 'technical'
        : /manager/.test(text)
          ? 'escalation'
          : 'general';
    return { intent, confidence: intent === 'general' ? 0.3 : 0.9, sentiment: 'neutral', entities: {} };
  },
};

type Act = { kind: 'input'; input: CallInput } | { kind: 'wait'; ms: number } | { kind: 'agents'; available: number } | { kind: 'repeat' };

const phrases = [
  'yes',
  'no',
  'I need a refund on my invoice',
  'the app keeps crashing',
  'get me a manager',
  'stop recording',
  'hmm',
  'my card is 4111 1111 1111 1111',
];
const act: fc.Arbitrary<Act> = fc.oneof(
  fc.constantFrom(...phrases).map((text): Act => ({ kind: 'input', input: { type: 'caller.said', text } })),
  fc.constantFrom(...'0123456789*#'.split('')).map((digit): Act => ({ kind: 'input', input: { type: 'caller.dtmf', digit } })),
  fc.constantFrom('yes' as const, 'no' as const).map((answer): Act => ({ kind: 'input', input: { type: 'consent.given', answer } })),
  fc.constantFrom('payment.started' as const, 'payment.ended' as const).map((type): Act => ({ kind: 'input', input: { type } })),
  fc.constant<Act>({ kind: 'input', input: { type: 'caller.hungup' } }),
  fc.constant<Act>({ kind: 'input', input: { type: 'caller.interrupted' } }),
  fc.integer({ min: 0, max: 70_000 }).map((ms): Act => ({ kind: 'wait', ms })),
  fc.integer({ min: 0, max: 2 }).map((available): Act => ({ kind: 'agents', available })),
  fc.constant<Act>({ kind: 'repeat' }),
);

/** Runs one call; `cardKeys` are ids of keys pressed while card entry was open. */
async function runCall(caller: string, acts: Act[]) {
  const clock = new SimulatedClock();
  const events: CallEvent[] = [];
  const log = createMemoryEventLog();
  const queue = createMemoryCallQueue({ defaultAgents: 1 });
  const compliance = createMemoryComplianceStore({ now: () => new Date(clock.now()) });
  const runtime = createCallRuntime({
    callId: 'p',
    flow,
    engine: ivrEngine,
    clock,
    classifier,
    compliance,
    log,
    queue,
    sink: (e) => void events.push(e),
  });
  await connectCaller(runtime, { caller, channel: 'pstn', language: 'en' });
  let last: CallInput | undefined;
  let n = 0;
  const cardKeys: string[] = [];
  for (const a of acts) {
    if (a.kind === 'wait') await clock.advance(a.ms);
    else if (a.kind === 'agents') {
      await runtime.input({ type: 'agents.changed', queue: 'billing', available: a.available });
      queue.setAvailable('billing', a.available);
    } else if (a.kind === 'repeat') {
      if (last) await runtime.input(last);
    } else {
      const input = { ...a.input, id: `i${++n}` } as CallInput;
      if (input.type === 'caller.dtmf' && isPaying(runtime.state())) cardKeys.push(input.id as string);
      last = input;
      await runtime.input(input);
    }
    await runtime.idle();
  }
  return { events, log: await log.read('p'), compliance, failures: runtime.failures(), cardKeys };
}

describe('call runtime over random call paths', () => {
  it.each([['+4930901820'], ['+14155550123'], ['anonymous']])(
    'caller %s: lawful recording, no card keys stored, one ending, ordered time',
    async (caller) => {
      const seen = { recorded: 0, cardKeys: 0, ended: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(act, { maxLength: 25 }), async (acts) => {
          const r = await runCall(caller, acts);
          seen.recorded += r.events.some((e) => e.type === 'recording.started') ? 1 : 0;
          seen.cardKeys += r.cardKeys.length;
          seen.ended += r.events.some((e) => e.type === 'call.ended') ? 1 : 0;
          expect(r.failures).toEqual([]);
          // No recording before a lawful grant, none after a refusal or withdrawal.
          let lawful = false;
          for (const e of r.events) {
            if (e.type === 'consent.decided') lawful = e.decision === 'granted';
            if (e.type === 'consent.withdrawn') lawful = false;
            if (e.type === 'recording.started' || e.type === 'recording.resumed') expect(lawful).toBe(true);
          }
          expect(r.events.filter((e) => e.type === 'recording.started').length).toBeLessThanOrEqual(1);
          // Transcripts too: none without a grant (call-transcript.ts).
          if (!r.events.some((e) => e.type === 'consent.decided' && e.decision === 'granted')) expect(r.compliance.transcripts).toEqual([]);
          // Keys pressed during card entry are in no log row.
          const loggedIds = new Set(r.log.map((e) => e.id));
          for (const id of r.cardKeys) expect(loggedIds.has(id)).toBe(false);
          // A call ends at most once, and nothing follows its end.
          const ended = r.events.findIndex((e) => e.type === 'call.ended');
          expect(r.events.filter((e) => e.type === 'call.ended').length).toBeLessThanOrEqual(1);
          if (ended >= 0) expect(ended).toBe(r.events.length - 1);
          const times = r.events.map((e) => e.atMs);
          expect(times).toEqual([...times].sort((a, b) => a - b));
          // Every stored recording belongs to an announced recording.started.
          const announced = new Set(r.events.flatMap((e) => (e.type === 'recording.started' ? [e.recordingId] : [])));
          for (const id of r.compliance.recordings.keys()) expect(announced.has(id)).toBe(true);
        }),
        { numRuns: 100 },
      );
      // The paths exercised what the invariants are about (otherwise they hold vacuously).
      expect(seen.recorded).toBeGreaterThan(0);
      expect(seen.cardKeys).toBeGreaterThan(0);
      expect(seen.ended).toBeGreaterThan(0);
    },
  );
});
