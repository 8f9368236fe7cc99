import { dirname, resolve } from 'node:path';
import type { CallPlacer } from '@switchboard/carriers';
import type { ComplianceStore } from '@switchboard/compliance';
import type { CallEvent, CarrierFault, Flow, Scenario, Step } from '@switchboard/protocol';
import type { AgentDirectory } from '../call/agent-directory.js';
import { CallDirectory } from '../call/call-directory.js';
import type { CallQueue } from '../call/call-queue.js';
import { CallSession } from '../call/call-session.js';
import type { EventLog } from '../call/event-log.js';
import { createMemoryCallQueue } from '../call/memory-call-queue.js';
import { createMemoryEventLog } from '../call/memory-event-log.js';
import { type Classifier, type RuntimeLogger, silentLogger } from '../call/ports.js';
import { SimulatedClock } from '../clock/simulated-clock.js';
import { findMatch } from './match-expect.js';
import { noSpeechInput, type SpeechInput } from './speech-input.js';

/** The carriers a scenario drives: a placer for transfers, and the simulators' fault switch. */
export interface CarrierControl {
  placer: CallPlacer;
  setFault(provider: string, fault: CarrierFault): Promise<void>;
}

export interface RunScenarioOptions {
  scenario: Scenario;
  /** Audio paths resolve against this file's folder. */
  scenarioPath: string;
  flow: Flow;
  classifier: Classifier;
  compliance: ComplianceStore;
  log?: EventLog;
  queue?: CallQueue;
  carriers?: CarrierControl;
  speech?: SpeechInput;
  clock?: SimulatedClock;
  logger?: RuntimeLogger;
  callId?: string;
  /** Where transfers reach agents; default: each agent at a fictional +1 555 01xx number. */
  agents?: AgentDirectory;
  /** Each event as it is emitted (the CLI prints one JSON line each). */
  onEvent?: (event: CallEvent) => void;
}

export interface ExpectFailure {
  /** Index of the `expect` step in `steps`. */
  step: number;
  expected: Record<string, unknown>;
  /** Everything emitted since the previous expect's event (or the start); for `expectNone`, the event that should not exist. */
  seen: CallEvent[];
  /** An `expectNone` that found a matching event. */
  absent?: true;
}

export interface ScenarioResult {
  events: CallEvent[];
  expects: number;
  failures: ExpectFailure[];
}

/** A step the simulator cannot perform (no carriers, no speech pipeline…): an internal error, not a failed expect. */
export class ScenarioStepError extends Error {
  constructor(
    readonly step: number,
    readonly kind: Step['kind'],
    cause: unknown,
  ) {
    super(`steps[${step}].${kind}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Each agent gets its own number from the 555-01xx range reserved for fiction (NANPA); the business calls from +1 202 555 0100. */
function simulatedAgents(): AgentDirectory {
  const numbers = new Map<string, string>();
  return {
    roster: {},
    callerId: '+12025550100',
    endpoint(agentId) {
      let number = numbers.get(agentId);
      if (!number) {
        number = `+1202555${String(101 + numbers.size).padStart(4, '0')}`;
        numbers.set(agentId, number);
      }
      return { kind: 'phone', number };
    },
  };
}

/**
 * Runs a scenario through the real engine and call runtime with a simulated clock: `say`,
 * `dtmf`, `consent` and `hangup` take no simulated time, `wait` advances the clock and fires
 * due timers, `expect` holds when an event emitted since the previous `expect`'s event (or the
 * start) has every field it names.
 */
export async function runScenario(options: RunScenarioOptions): Promise<ScenarioResult> {
  const { scenario, flow } = options;
  const clock = options.clock ?? new SimulatedClock();
  const queue = options.queue ?? createMemoryCallQueue();
  const speech = options.speech ?? noSpeechInput;
  const callId = options.callId ?? 'sim-call-1';
  const events: CallEvent[] = [];
  const session = new CallSession(
    {
      flow,
      classifier: options.classifier,
      compliance: options.compliance,
      eventLog: options.log ?? createMemoryEventLog(),
      clock,
      logger: options.logger ?? silentLogger,
      queue,
      placer: options.carriers?.placer,
      agents: options.agents ?? simulatedAgents(),
      // A scenario's call is its own: staff routes of a server never see it.
      calls: new CallDirectory(),
    },
    {
      callId,
      channel: scenario.channel,
      door: {
        event(event) {
          events.push(event);
          options.onEvent?.(event);
        },
      },
    },
  );
  const { runtime } = session;

  await session.open({
    caller: scenario.caller,
    tier: scenario.tier,
    industry: scenario.industry,
    rules: scenario.classifyUsByAreaCode !== undefined ? { classifyUsByAreaCode: scenario.classifyUsByAreaCode } : {},
  });
  await settle();

  const failures: ExpectFailure[] = [];
  let windowStart = 0;
  let expects = 0;
  for (const [index, step] of scenario.steps.entries()) {
    try {
      if (step.kind === 'expect') {
        expects += 1;
        // The window opens after the event that met the previous expect, so consecutive expects
        // check events of one step in order; a failed expect consumes nothing.
        const seen = events.slice(windowStart);
        const hit = findMatch(seen, step.value);
        if (hit) windowStart += seen.indexOf(hit) + 1;
        else failures.push({ step: index, expected: step.value, seen });
        continue;
      }
      if (step.kind === 'expectNone') {
        expects += 1;
        const hit = findMatch(events, step.value);
        if (hit) failures.push({ step: index, expected: step.value, seen: [hit], absent: true });
        continue;
      }
      await perform(step);
      await settle();
    } catch (error) {
      throw error instanceof ScenarioStepError ? error : new ScenarioStepError(index, step.kind, error);
    }
  }
  await session.close();
  return { events, expects, failures };

  async function settle(): Promise<void> {
    await runtime.idle();
    const failed = runtime.failures()[0];
    if (failed) throw failed;
  }

  async function perform(step: Exclude<Step, { kind: 'expect' | 'expectNone' }>): Promise<void> {
    switch (step.kind) {
      case 'say':
        await session.input({ type: 'caller.said', text: step.value });
        return;
      case 'dtmf':
        for (const digit of step.value) await session.input({ type: 'caller.dtmf', digit });
        return;
      case 'wait':
        await clock.advance(step.value);
        return;
      case 'consent':
        await session.input({ type: 'consent.given', answer: step.value });
        return;
      case 'audio': {
        const text = await speech.transcribe(resolve(dirname(options.scenarioPath), step.value));
        await session.input({ type: 'caller.said', text });
        return;
      }
      case 'hangup':
        await session.input({ type: 'caller.hungup' });
        return;
      case 'carrier':
        if (!options.carriers) throw new Error('carrier steps need the carrier simulators, and none are running');
        await options.carriers.setFault(step.value.provider, step.value.fault);
        return;
      case 'payment':
        await session.input({ type: step.value === 'start' ? 'payment.started' : 'payment.ended' });
        return;
      case 'agents': {
        // The engine hears first (nobody on the line → voicemail instead of a queue nobody
        // serves; busy agents still serve it), then the queue hands any waiting caller to a
        // newly free agent.
        const { queue: name, available, staffed = available } = step.value;
        await session.input({ type: 'agents.changed', queue: name, available: staffed });
        queue.setAvailable(name, available, staffed);
        return;
      }
      default: {
        const never: never = step;
        throw new Error(`unknown step ${JSON.stringify(never)}`);
      }
    }
  }
}
