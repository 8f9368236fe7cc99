import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryComplianceStore } from '@switchboard/compliance';
import {
  arbitraryAmountOrDate,
  arbitraryLanguage,
  arbitraryPan,
  arbitrarySpelling,
  digitStream,
  spell,
  splitPieces,
} from '@switchboard/compliance/test/support/card-numbers';
import { parseFlow } from '@switchboard/ivr';
import type { CallEvent, Classification } from '@switchboard/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createCallRuntime } from '../src/call/call-runtime.js';
import { connectCaller } from '../src/call/connect-caller.js';
import { ivrEngine } from '../src/call/ivr-engine.js';
import { createMemoryCallQueue } from '../src/call/memory-call-queue.js';
import { createMemoryEventLog } from '../src/call/memory-event-log.js';
import type { RuntimeLogger } from '../src/call/ports.js';
import { SimulatedClock } from '../src/clock/simulated-clock.js';

/**
 * Issue 13: card numbers in many spellings (plain, spaced, dashed, digit by digit, spoken words
 * in six languages, split across utterances, keyed) with an expiry and CVV, said after consent
 * on a call runtime; none may reach any sink — the call log, the events the caller, the
 * console and the simulator see (transcript, handoff context, warm-transfer brief), the
 * compliance store (transcripts, audit), the classifier (where an LLM would sit) or a log
 * line — and the amount or date said beside them must come through untouched.
 */
const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '../../../packages/ivr/flows/default.yaml'), 'utf8')));
if (!parsed.ok) throw new Error('default flow invalid');
const flow = parsed.value;

const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
const year = fc.integer({ min: 26, max: 35 });
const cvv = fc.integer({ min: 100, max: 9999 }).map(String);

async function runCall(inputs: ({ said: string } | { keys: string })[]) {
  const clock = new SimulatedClock();
  const events: CallEvent[] = [];
  const log = createMemoryEventLog();
  const classified: string[] = [];
  const lines: string[] = [];
  const logger: RuntimeLogger = {
    info: (o, m) => void lines.push(JSON.stringify(o), m ?? ''),
    warn: (o, m) => void lines.push(JSON.stringify(o), m ?? ''),
    error: (o, m) => void lines.push(JSON.stringify(o), m ?? ''),
  };
  const compliance = createMemoryComplianceStore({ now: () => new Date(clock.now()) });
  const runtime = createCallRuntime({
    callId: 'card',
    flow,
    engine: ivrEngine,
    clock,
    classifier: {
      name: 'recording-classifier',
      async classify(text): Promise<Classification> {
        classified.push(text);
        const intent = /charged|invoice|card/.test(text) ? 'billing' : 'general';
        return { intent, confidence: intent === 'general' ? 0.3 : 0.9, sentiment: 'neutral', entities: {} };
      },
    },
    compliance,
    log,
    logger,
    queue: createMemoryCallQueue({ defaultAgents: 1 }),
    sink: (e) => void events.push(e),
  });
  await connectCaller(runtime, { caller: '+442071234567', channel: 'pstn', language: 'en' });
  await runtime.input({ type: 'caller.said', text: 'yes' });
  for (const input of inputs) {
    if ('said' in input) await runtime.input({ type: 'caller.said', text: input.said });
    else for (const digit of input.keys) await runtime.input({ type: 'caller.dtmf', digit });
    await runtime.idle();
    await clock.advance(1_500);
  }
  await runtime.idle();
  const sinks = {
    events: JSON.stringify(events),
    log: JSON.stringify(await log.read('card')),
    compliance: JSON.stringify(compliance),
    classifier: JSON.stringify(classified),
    logs: lines.join('\n'),
  };
  return { events, sinks, failures: runtime.failures() };
}

describe('card data reaches no sink of a call', () => {
  it('whatever the spelling, however it is split or keyed; amounts and dates are kept', async () => {
    const seen = { keyed: 0, split: 0, words: 0 };
    await fc.assert(
      fc.asyncProperty(
        arbitraryPan,
        arbitrarySpelling,
        arbitraryLanguage,
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.boolean(),
        month,
        year,
        cvv,
        arbitraryAmountOrDate,
        async (pan, spelling, language, cuts, keyed, mm, yy, code, amountOrDate) => {
          const expiry = `${mm}/${yy}`;
          const pieces = splitPieces(spell(pan, spelling, language), cuts);
          const card = keyed ? [{ keys: pan }] : [{ said: `my card number is ${pieces[0]}` }, ...pieces.slice(1).map((said) => ({ said }))];
          const said = `I was charged ${amountOrDate}`;
          const r = await runCall([...card, { said: `expiry ${expiry} cvv ${code}` }, { said }]);
          seen.keyed += keyed ? 1 : 0;
          seen.split += !keyed && pieces.length > 1 ? 1 : 0;
          seen.words += !keyed && spelling === 'words' ? 1 : 0;
          expect(r.failures).toEqual([]);
          for (const [sink, text] of Object.entries(r.sinks)) {
            expect(digitStream(text), sink).not.toContain(pan);
            expect(text, sink).not.toContain(expiry);
            expect(text, sink).not.toMatch(new RegExp(`cvv ${code}\\b`));
          }
          // The path ran: the caller's words reached the transcript, amount or date intact.
          expect(r.events).toContainEqual(expect.objectContaining({ type: 'transcript', role: 'caller', text: said }));
        },
      ),
      { numRuns: 150 },
    );
    // The generators reached every kind of spelling the property is about.
    expect(seen.keyed).toBeGreaterThan(0);
    expect(seen.split).toBeGreaterThan(0);
    expect(seen.words).toBeGreaterThan(0);
  }, 120_000);
});
