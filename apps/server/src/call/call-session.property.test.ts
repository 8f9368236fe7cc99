import { createMemoryComplianceStore } from '@switchboard/compliance';
import { type Classification, ScenarioSchema } from '@switchboard/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultFlow } from '../../test/support/speech.js';
import { SimulatedClock } from '../clock/simulated-clock.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { MediaStreamCall } from '../pstn/media-stream-call.js';
import { PstnCall } from '../pstn/pstn-call.js';
import { runScenario } from '../sim/run-scenario.js';
import { LiveCall } from '../ws/live-call.js';
import type { RecordingSink } from '../ws/recording-writer.js';
import { CallDirectory } from './call-directory.js';
import type { CallInput } from './call-input.js';
import type { CallSession } from './call-session.js';
import { createMemoryCallQueue } from './memory-call-queue.js';
import { createMemoryEventLog } from './memory-event-log.js';
import type { Classifier } from './ports.js';

/**
 * The recording gate lives once, in CallSession: on every door, over random call paths, no audio
 * byte is written unless the engine's own state says the recording is on (issue 11).
 */
const flow = defaultFlow();
const classifier: Classifier = {
  name: 'test-keywords',
  async classify(text): Promise<Classification> {
    const intent = /invoice/.test(text) ? 'billing' : /manager/.test(text) ? 'escalation' : 'general';
    return { intent, confidence: intent === 'general' ? 0.3 : 0.9, sentiment: 'neutral', entities: {} };
  },
};

type Act = { kind: 'input'; input: CallInput } | { kind: 'wait'; ms: number } | { kind: 'frame' };
const act: fc.Arbitrary<Act> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Act>({ kind: 'frame' }) },
  fc
    .constantFrom('yes', 'no', 'stop recording', 'my invoice is wrong', 'get me a manager')
    .map((text): Act => ({ kind: 'input', input: { type: 'caller.said', text } })),
  fc.constantFrom('1', '2', '0').map((digit): Act => ({ kind: 'input', input: { type: 'caller.dtmf', digit } })),
  fc.constantFrom('yes' as const, 'no' as const).map((answer): Act => ({ kind: 'input', input: { type: 'consent.given', answer } })),
  fc.constantFrom('payment.started' as const, 'payment.ended' as const).map((type): Act => ({ kind: 'input', input: { type } })),
  fc.constant<Act>({ kind: 'input', input: { type: 'caller.hungup' } }),
  fc.integer({ min: 0, max: 12_000 }).map((ms): Act => ({ kind: 'wait', ms })),
);
const callers = fc.constantFrom('+4930901820', '+14155550123', '+12125550123', 'anonymous');

/** A call on one door, with the session, its way to push caller audio, and a way to let prompts play. */
interface DoorCall {
  session: CallSession;
  frame(): void;
  played(): Promise<void>;
}

function harness() {
  const clock = new SimulatedClock();
  const seen = { writes: 0, refused: 0 };
  let session: CallSession | undefined;
  const recordings: RecordingSink = {
    write(recordingId) {
      // The engine's state, not the runtime's bookkeeping, is the source of truth.
      const state = session?.runtime.state();
      expect(state?.recording).toBe('on');
      expect(session?.runtime.memory().recordingId).toBe(recordingId);
      seen.writes += 1;
    },
    async close() {},
  };
  const services = {
    flow,
    classifier,
    compliance: createMemoryComplianceStore({ now: () => new Date(clock.now()) }),
    eventLog: createMemoryEventLog(),
    clock,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    queue: createMemoryCallQueue({ defaultAgents: 0 }),
    calls: new CallDirectory(),
    recordings,
  };
  const bind = (s: CallSession) => {
    session = s;
  };
  return { clock, seen, services, bind };
}

const frame16k = new Int16Array(512).fill(100);
const mulaw20ms = new Uint8Array(160).fill(0x7f);

const doors: Record<string, (h: ReturnType<typeof harness>, caller: string) => Promise<DoorCall>> = {
  async web(h) {
    const outbox = { append: () => 0, since: () => [] };
    const call = await LiveCall.open('web-p', { ...h.services, outbox });
    h.bind(call.session);
    call.attach({ sendJson: () => true, sendBinary: () => true, close: () => undefined }, 'browser', 0);
    return { session: call.session, frame: () => call.frame(frame16k), played: async () => undefined };
  },
  async 'media stream'(h, caller) {
    let call: MediaStreamCall | undefined;
    call = new MediaStreamCall(h.services, {
      provider: 'twilio',
      callSid: 'CAp',
      streamSid: 'MZp',
      send(text) {
        const m = JSON.parse(text) as { event: string; mark?: { name: string } };
        if (m.event === 'mark') setImmediate(() => call?.marked(m.mark?.name ?? ''));
      },
      onExit: () => undefined,
      onOverrun: () => undefined,
    });
    h.bind(call.session);
    await call.open(caller);
    return { session: call.session, frame: () => call?.media(mulaw20ms), played: () => new Promise((r) => setImmediate(r)) };
  },
  async gather(h, caller) {
    // Carrier speech: the carrier hears the caller, so no audio reaches us to write — the gate still holds.
    const call = await PstnCall.start(h.services, { provider: 'signalwire', callSid: 'CAg', from: caller });
    h.bind(call.session);
    return {
      session: call.session,
      frame: () => undefined,
      played: async () => {
        call.takePrompts();
        await call.played();
      },
    };
  },
};

describe('CallSession over random paths, on every door', () => {
  for (const [door, open] of Object.entries(doors))
    it(`${door}: no audio byte is written unless the engine says the recording is on`, async () => {
      let recorded = 0;
      let framesWhileOff = 0;
      await fc.assert(
        fc.asyncProperty(callers, fc.array(act, { maxLength: 16 }), async (caller, acts) => {
          const h = harness();
          const call = await open(h, caller);
          let n = 0;
          for (const a of acts) {
            if (a.kind === 'frame') {
              if (call.session.runtime.state().recording !== 'on') framesWhileOff += 1;
              call.frame();
            } else if (a.kind === 'wait') await h.clock.advance(a.ms);
            else await call.session.input({ ...a.input, id: `i${++n}` } as CallInput);
            await call.played();
            await call.session.runtime.idle();
          }
          recorded += h.seen.writes > 0 ? 1 : 0;
          await call.session.close();
        }),
        { numRuns: 1000 },
      );
      // The paths reached both sides of the gate (otherwise the property holds vacuously).
      expect(framesWhileOff).toBeGreaterThan(0);
      if (door !== 'gather') expect(recorded).toBeGreaterThan(0);
    }, 240_000);

  it('simulator: scenarios carry no caller audio frames, and never record before a grant', async () => {
    let granted = 0;
    await fc.assert(
      fc.asyncProperty(callers, fc.array(act, { maxLength: 12 }), async (caller, acts) => {
        const steps = acts.flatMap((a): Record<string, unknown>[] => {
          if (a.kind === 'wait') return [{ wait: a.ms }];
          if (a.kind === 'frame') return [];
          const i = a.input;
          if (i.type === 'caller.said') return [{ say: i.text }];
          if (i.type === 'caller.dtmf') return [{ dtmf: i.digit }];
          if (i.type === 'consent.given') return [{ consent: i.answer }];
          if (i.type === 'caller.hungup') return [{ hangup: true }];
          return [{ payment: i.type === 'payment.started' ? 'start' : 'end' }];
        });
        const scenario = ScenarioSchema.parse({ caller, channel: 'pstn', steps: [...steps, { wait: 0 }] });
        const compliance = createMemoryComplianceStore();
        const { events } = await runScenario({ scenario, scenarioPath: '/dev/null', flow, classifier, compliance });
        let lawful = false;
        for (const e of events) {
          if (e.type === 'consent.decided') lawful = e.decision === 'granted';
          if (e.type === 'consent.withdrawn') lawful = false;
          if (e.type === 'recording.started' || e.type === 'recording.resumed') expect(lawful).toBe(true);
        }
        granted += events.some((e) => e.type === 'recording.started') ? 1 : 0;
      }),
      { numRuns: 1000 },
    );
    expect(granted).toBeGreaterThan(0);
  }, 240_000);
});
