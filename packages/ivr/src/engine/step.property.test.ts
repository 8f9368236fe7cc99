import type { EngineEvent, Flow, Regime } from '@switchboard/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connected, type Input, loadFlow } from '../../test/support/harness.js';
import { ANNOUNCEMENT_PROMPT } from './consent.js';
import { type EngineState, initialState, isEnded, type TimerPurpose } from './state.js';
import { step } from './step.js';
import type { Effect } from './types.js';

const FLOWS: Record<string, Flow> = { default: loadFlow('default'), 'task-manager': loadFlow('task-manager') };
const allFlows = Object.values(FLOWS);
const REGIMES: Regime[] = ['explicit-opt-in', 'all-party', 'one-party'];
const MAX_EFFECTS_PER_STEP = 25;
const MAX_DRIVE_ROUNDS = 40;

/** A caller/runtime action; `fire` and `dup` are resolved against the live state when applied. */
type Action = { kind: 'input'; input: Input } | { kind: 'fire'; pick: number } | { kind: 'stale' } | { kind: 'dup' };

const texts = [
  'yes',
  'no',
  'yes please go ahead',
  "no, don't record",
  'stop recording',
  'I was charged twice',
  'my app crashes',
  'hmm',
  '',
  'okay',
  'I want a person',
];
const intents = [...new Set(allFlows.flatMap((f) => f.intents.map((i) => i.name))), 'made-up'];
const queues = [...new Set(allFlows.flatMap((f) => f.intents.map((i) => i.route))), 'elsewhere'];

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        text: fc.constantFrom(...texts),
        intent: fc.constantFrom(...intents),
        confidence: fc.double({ min: 0, max: 1, noNaN: true }),
        sentiment: fc.constantFrom('positive', 'neutral', 'negative', 'frustrated' as const),
      })
      .map(
        ({ text, intent, confidence, sentiment }): Action => ({
          kind: 'input',
          input: { type: 'caller.said', text, classification: { intent, confidence, sentiment, entities: {} } },
        }),
      ),
  },
  {
    weight: 5,
    arbitrary: fc
      .constantFrom(...'0123456789*#'.split(''))
      .map((digit): Action => ({ kind: 'input', input: { type: 'caller.dtmf', digit } })),
  },
  { weight: 4, arbitrary: fc.nat(10).map((pick): Action => ({ kind: 'fire', pick })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Action>(
      { kind: 'input', input: { type: 'payment.started' } },
      { kind: 'input', input: { type: 'payment.ended' } },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Action>({ kind: 'stale' }, { kind: 'dup' }, { kind: 'input', input: { type: 'caller.interrupted' } }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('yes', 'no' as const).map((answer): Action => ({ kind: 'input', input: { type: 'consent.given', answer } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(ANNOUNCEMENT_PROMPT, 'greeting')
      .map((promptId): Action => ({ kind: 'input', input: { type: 'prompt.finished', promptId } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        queue: fc.constantFrom(...queues),
        position: fc.integer({ min: 1, max: 40 }),
        ewtSeconds: fc.integer({ min: 0, max: 3000 }),
      })
      .map((m): Action => ({ kind: 'input', input: { type: 'queue.moved', ...m } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ queue: fc.constantFrom(...queues), available: fc.nat(3) })
      .map((m): Action => ({ kind: 'input', input: { type: 'agents.changed', ...m } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...queues)
      .map((queue): Action => ({ kind: 'input', input: { type: 'agent.available', queue, agentId: 'agent-1' } })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('all-down', 'capacity' as const)
      .map((reason): Action => ({ kind: 'input', input: { type: 'carrier.failed', reason } })),
  },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'input', input: { type: 'caller.hungup' } }) },
);

interface Trace {
  state: EngineState;
  /** Effects per applied input, in order. */
  steps: Effect[][];
  /** Digits the caller keyed while card entry was under way (from the driver's own bookkeeping). */
  maskedDigitSteps: number[];
  /** Index of the first step whose input was an affirmative act (1, a yes-word, the Yes button), judged without the engine. */
  affirmedAtStep: number | null;
}

/** Applies actions to a fresh call. `digitFor` rewrites keys pressed during card entry, for the non-interference check. */
function run(flow: Flow, regime: Regime, actions: Action[], digitFor: (i: number, digit: string) => string = (_i, d) => d): Trace {
  let state = initialState();
  const steps: Effect[][] = [];
  const maskedDigitSteps: number[] = [];
  let last: EngineEvent | null = null;
  let paying = false;
  let affirmedAtStep: number | null = null;
  const affirmative = (e: EngineEvent) =>
    (e.type === 'caller.dtmf' && e.digit === '1' && !paying) ||
    (e.type === 'consent.given' && e.answer === 'yes') ||
    (e.type === 'caller.said' && !paying && flow.consent.answers.yes.some((w) => e.text.toLowerCase().includes(w)));
  const apply = (event: EngineEvent) => {
    if (affirmedAtStep === null && affirmative(event)) affirmedAtStep = steps.length;
    const out = step(flow, state, event);
    state = out.state;
    steps.push(out.effects);
    last = event;
  };
  apply({ ...connected(regime), id: 'c0', atMs: 0 } as EngineEvent);
  for (const [i, a] of actions.entries()) {
    const base = { id: `a${i}`, atMs: (i + 1) * 1000 };
    if (a.kind === 'dup') {
      if (last) apply(last);
      continue;
    }
    if (a.kind === 'stale') {
      apply({ type: 'timer.fired', timerId: 'noInput#999999', ...base });
      continue;
    }
    if (a.kind === 'fire') {
      const live = Object.values(state.timers);
      if (live.length > 0) apply({ type: 'timer.fired', timerId: live[a.pick % live.length] as string, ...base });
      continue;
    }
    let input = a.input;
    if (input.type === 'payment.started') paying = true;
    if (input.type === 'payment.ended') paying = false;
    if (input.type === 'caller.dtmf' && paying) {
      maskedDigitSteps.push(steps.length);
      input = { ...input, digit: digitFor(i, input.digit) };
    }
    apply({ ...input, ...base } as EngineEvent);
  }
  return { state, steps, maskedDigitSteps, affirmedAtStep };
}

/** What the runtime does when the caller just waits: the announcement finishes, card entry ends, timers fire. */
function driveToCompletion(flow: Flow, trace: Trace): Trace {
  let { state } = trace;
  const steps = [...trace.steps];
  let n = 0;
  const apply = (input: Input) => {
    const out = step(flow, state, { ...input, id: `d${n++}`, atMs: 10_000_000 + n } as EngineEvent);
    state = out.state;
    steps.push(out.effects);
  };
  apply({ type: 'prompt.finished', promptId: ANNOUNCEMENT_PROMPT });
  apply({ type: 'payment.ended' });
  for (let round = 0; round < MAX_DRIVE_ROUNDS && !isEnded(state); round++) {
    const live = Object.entries(state.timers) as [TimerPurpose, string][];
    // A caller waiting in the queue (or talking to the agent) is already handed off.
    if (live.length === 0 || state.phase === 'queued') break;
    for (const [, timerId] of live) apply({ type: 'timer.fired', timerId });
  }
  return { ...trace, state, steps };
}

const emitted = (steps: Effect[][]) => steps.flat().flatMap((e) => (e.type === 'emit' ? [e.event] : []));

const CASES = Object.keys(FLOWS).flatMap((flowId) => REGIMES.map((regime) => [flowId, regime] as const));

describe.each(CASES)('engine invariants over random paths (%s flow, %s)', (flowId, regime) => {
  const flow = FLOWS[flowId] as Flow;
  const actions = fc.array(action, { maxLength: 40 });
  const numRuns = flowId === 'default' ? 300 : 100;

  it('never throws, bounds effects per step, keeps the state plain JSON', () => {
    fc.assert(
      fc.property(actions, (as) => {
        const trace = driveToCompletion(flow, run(flow, regime, as));
        for (const effects of trace.steps) expect(effects.length).toBeLessThanOrEqual(MAX_EFFECTS_PER_STEP);
        expect(JSON.parse(JSON.stringify(trace.state))).toEqual(trace.state);
      }),
      { numRuns },
    );
  });

  it('records only after a lawful decision, durably first, and never after declined or withdrawn', () => {
    fc.assert(
      fc.property(actions, (as) => {
        const trace = driveToCompletion(flow, run(flow, regime, as));
        let lawful = false;
        let barred = false;
        let consentRecorded = false;
        let greeted = false;
        trace.steps.forEach((effects, at) => {
          for (const effect of effects) {
            // GDPR Recital 32: under explicit opt-in nothing but an affirmative act from the caller allows recording.
            if (regime === 'explicit-opt-in' && effect.type === 'startRecording') {
              expect(trace.affirmedAtStep).not.toBeNull();
              expect(at).toBeGreaterThanOrEqual(trace.affirmedAtStep as number);
            }
            if (effect.type === 'recordConsent') {
              consentRecorded = true;
              // Compliance refuses a grant unless the announcement played to the end.
              if (effect.decision === 'granted') expect(effect.announcementCompleted).toBe(true);
            }
            if (effect.type === 'say' && effect.promptId === 'greeting') greeted = true;
            if (effect.type === 'emit' && effect.event.type === 'consent.decided') {
              expect(greeted).toBe(false); // consent before the greeting
              if (effect.event.decision === 'granted') lawful = true;
              else barred = true;
              if (effect.event.method === 'timeout') expect(effect.event.decision).toBe('declined');
              if (regime === 'explicit-opt-in' && effect.event.decision === 'granted')
                expect(['voice', 'dtmf', 'web']).toContain(effect.event.method);
              if (regime !== 'explicit-opt-in' && effect.event.decision === 'granted')
                expect(['notice', 'voice', 'dtmf', 'web']).toContain(effect.event.method);
            }
            if (effect.type === 'emit' && effect.event.type === 'consent.withdrawn') barred = true;
            if (effect.type === 'startRecording' || effect.type === 'resumeRecording' || effect.type === 'startVoicemail') {
              expect(lawful && consentRecorded && !barred).toBe(true);
            }
          }
        });
        const decisions = emitted(trace.steps).filter((e) => e.type === 'consent.decided');
        expect(decisions.length).toBeLessThanOrEqual(1);
      }),
      { numRuns },
    );
  });

  it('keys pressed during card entry leave no trace in any effect, event or state', () => {
    fc.assert(
      fc.property(actions, fc.constantFrom('0', '5', '9', '#'), (as, other) => {
        const real = run(flow, regime, as);
        const swapped = run(flow, regime, as, () => other);
        expect(swapped.state).toEqual(real.state);
        expect(swapped.steps).toEqual(real.steps);
        for (const i of real.maskedDigitSteps) expect(real.steps[i]).toEqual([]);
      }),
      { numRuns },
    );
  });

  it('every path driven to completion ends in a handoff, an escalation or a hang-up with a reason; call.ended once, last', () => {
    fc.assert(
      fc.property(actions, (as) => {
        const trace = driveToCompletion(flow, run(flow, regime, as));
        const events = emitted(trace.steps);
        const ends = events.filter((e) => e.type === 'call.ended');
        expect(ends.length).toBeLessThanOrEqual(1);
        const done =
          events.some((e) => e.type === 'handoff' || e.type === 'escalation') ||
          (isEnded(trace.state) && typeof ends[0]?.reason === 'string');
        expect(done).toBe(true);
        if (ends.length === 1) {
          expect(events.at(-1)?.type).toBe('call.ended');
          const flat = trace.steps.flat();
          const started = flat.filter((e) => e.type === 'startRecording').length;
          const stopped = flat.filter((e) => e.type === 'stopRecording').length;
          expect(stopped).toBe(started > 0 ? 1 : 0);
        }
      }),
      { numRuns },
    );
  });
});
