import type { CallPlacer } from '@switchboard/carriers';
import { type ComplianceStore, maskCardDigits, NO_CARD_CARRY, newRecordingId, screenCallerInput } from '@switchboard/compliance';
import type { Clock, TimerHandle } from '@switchboard/protocol';
import { type CallEvent, type CallEventBody, type EngineEvent, EngineEventSchema, type Flow } from '@switchboard/protocol';
import { type AgentDirectory, consoleAgents, dialString } from './agent-directory.js';
import type { CallInput } from './call-input.js';
import { type CallMemory, emptyMemory, trackEffect, trackInput } from './call-memory.js';
import type { CallQueue } from './call-queue.js';
import { storeTranscript } from './call-transcript.js';
import type { EventLog } from './event-log.js';
import { executeEffect } from './execute-effect.js';
import { joinQueue, leaveQueue } from './handoff-effects.js';
import { createMemoryCallQueue } from './memory-call-queue.js';
import { type CallAudio, type Classifier, type Engine, type RuntimeLogger, silentLogger } from './ports.js';
import { replayAnnouncement } from './replay-announcement.js';
import type { RuntimeContext } from './runtime-context.js';

export interface CallRuntimeOptions<S> {
  callId: string;
  flow: Flow;
  engine: Engine<S>;
  clock: Clock;
  classifier: Classifier;
  compliance: ComplianceStore;
  placer?: CallPlacer;
  queue?: CallQueue;
  /** Every call event, stamped with `atMs`, in order. */
  sink: (event: CallEvent) => void;
  log: EventLog;
  logger?: RuntimeLogger;
  audio?: CallAudio;
  newRecordingId?: () => string;
  /** Where transfers reach agents; default: console agents (no carrier leg). */
  agents?: AgentDirectory;
}

export type ConnectInfo = Omit<Extract<EngineEvent, { type: 'call.connected' }>, 'type' | 'id' | 'atMs' | 'callId'>;

export type InputOutcome =
  | { accepted: true; event: EngineEvent }
  | { accepted: false; reason: 'duplicate' | 'card-entry' | 'keyed-digits' | 'ended' | 'not-connected' };

type Rejected = Extract<InputOutcome, { accepted: false }>;
type RawInput = CallInput | (ConnectInfo & { type: 'call.connected'; id: string });

export interface CallRuntime<S> {
  readonly callId: string;
  /** Opens the call: `call.connected` at atMs 0. */
  connect(info: ConnectInfo): Promise<InputOutcome>;
  /** Stamps, classifies, logs durably, steps and executes the effects of one input. */
  input(input: CallInput): Promise<InputOutcome>;
  /** Rebuilds state from the durable log without re-executing effects, then re-arms timers and the queue. */
  resume(): Promise<{ events: number; replayed: CallEvent[] }>;
  /** Resolves when every queued input (including ones fed by effects) has been processed. */
  idle(): Promise<void>;
  state(): S;
  memory(): Readonly<CallMemory>;
  /** Errors from inputs nobody awaited (timers, fed inputs). */
  failures(): readonly Error[];
  /** Clears timers and leaves the queue (process shutdown; the log keeps the call resumable). */
  close(): void;
}

export function createCallRuntime<S>(options: CallRuntimeOptions<S>): CallRuntime<S> {
  const { callId, flow, engine, clock, log } = options;
  const logger = options.logger ?? silentLogger;
  let state = engine.initialState();
  let memory = emptyMemory(clock.now());
  let chain: Promise<unknown> = Promise.resolve();
  const timers = new Map<string, TimerHandle>();
  const failures: Error[] = [];
  let cardCarry = NO_CARD_CARRY; // issue 13: card-data context across inputs, in memory only

  const atMsNow = () => Math.max(0, Math.round(clock.now() - memory.startedAtMs));

  const ctx: RuntimeContext = {
    callId,
    clock,
    compliance: options.compliance,
    placer: options.placer,
    queue: options.queue ?? createMemoryCallQueue(),
    log,
    logger,
    audio: options.audio,
    get memory() {
      return memory;
    },
    standing: () => ({ consent: engine.consent(state), paying: engine.isPaying(state) }),
    newRecordingId: options.newRecordingId ?? newRecordingId,
    agents: options.agents ?? consoleAgents,
    emit,
    feed(input) {
      void enqueueInput(input).catch(() => undefined);
    },
  };

  function emit(body: CallEventBody): void {
    if (body.type === 'call.ended') {
      if (memory.endedEmitted) return;
      memory.endedEmitted = true;
    }
    options.sink({ ...body, atMs: atMsNow() } as CallEvent);
  }

  function armTimer(timerId: string, dueAtMs: number): void {
    const handle = clock.setTimer(memory.startedAtMs + dueAtMs, () =>
      enqueueInput({ type: 'timer.fired', id: `timer:${timerId}`, timerId })
        .catch(() => undefined)
        .then(() => idle()),
    );
    timers.set(timerId, handle);
  }

  function disarm(timerId: string): void {
    const handle = timers.get(timerId);
    if (handle !== undefined) clock.clearTimer(handle);
    timers.delete(timerId);
  }

  const timerControl = { arm: armTimer, disarm };

  function shutdownIfEnded(): void {
    if (!memory.ended && !engine.isEnded(state)) return;
    memory.ended = true;
    for (const id of [...timers.keys()]) disarm(id);
    if (memory.queue) leaveQueue(ctx, memory.queue);
  }

  async function stamp(input: RawInput): Promise<EngineEvent | Rejected> {
    const id = input.id ?? globalThis.crypto.randomUUID();
    // The call's one idempotency check: the engine's state lists every input id it applied, and
    // is rebuilt from the log on resume. Checked before classification, so a repeat costs nothing.
    // (The durable log's unique id is the storage guarantee behind it, not a second bookkeeping.)
    if (engine.applied(state, id)) return { accepted: false, reason: 'duplicate' };
    const atMs = atMsNow();
    if (input.type === 'call.connected') return EngineEventSchema.parse({ ...input, id, atMs, callId });
    if (!memory.connected) return { accepted: false, reason: 'not-connected' };
    if (memory.ended) return { accepted: false, reason: 'ended' };
    // PCI DSS: keys and speech during card entry are card data. They never reach the
    // classifier (or an LLM behind it), the log, the engine or an event.
    if ((input.type === 'caller.dtmf' || input.type === 'caller.said') && engine.isPaying(state))
      return { accepted: false, reason: 'card-entry' };
    // Issue 13: card data (PAN, expiry, CVV; keyed strings outside menus) is redacted here, where
    // caller input enters, before the call log, classifier/LLM, transcript or brief sees it.
    const screened = screenCallerInput(cardCarry, input, atMs);
    cardCarry = screened.carry;
    if (screened.input === null) return { accepted: false, reason: 'keyed-digits' };
    input = screened.input;
    if (input.type === 'caller.said') {
      const classification = await options.classifier.classify(input.text);
      return EngineEventSchema.parse({ type: 'caller.said', id, atMs, text: input.text, classification });
    }
    return EngineEventSchema.parse({ ...input, id, atMs });
  }

  async function process(input: RawInput): Promise<InputOutcome> {
    const stamped = await stamp(input);
    if ('accepted' in stamped) {
      logger.info({ callId, input: input.type, ignored: stamped.reason }, 'input ignored');
      return stamped;
    }
    const event = stamped;
    if (!(await log.append(callId, event))) return { accepted: false, reason: 'duplicate' };
    trackInput(memory, event);
    if (event.type === 'call.connected') {
      const { channel, jurisdiction } = event;
      emit({ type: 'call.started', callId, channel, jurisdiction: jurisdiction.code, regime: jurisdiction.regime });
    }
    // The caller sees (and the simulator prints) what was understood, masked like every sink.
    if (event.type === 'caller.said' && event.text.trim()) emit({ type: 'transcript', role: 'caller', text: maskCardDigits(event.text) });
    const standing = ctx.standing();
    const result = engine.step(flow, state, event);
    state = result.state;
    logger.info({ callId, input: event.type, atMs: event.atMs, effects: result.effects.map((e) => e.type) }, 'input stepped');
    // The caller's words, under the consent that stood when they were said; "stop recording"
    // itself is not kept (see call-transcript.ts).
    if (event.type === 'caller.said' && !result.effects.some((e) => e.type === 'emit' && e.event.type === 'consent.withdrawn'))
      await storeTranscript(ctx, 'caller', event.text, event.atMs, standing);
    // With a carrier layer, `transfer` is announced by the transfer effect once the agent leg
    // is up, not when the engine decides it: an outage must not read as a completed transfer.
    // A console agent has no carrier leg: the engine's own event stands.
    const placesLeg =
      options.placer !== undefined &&
      result.effects.some((e) => e.type === 'transfer' && dialString(ctx.agents.endpoint(e.to)) !== undefined);
    for (const effect of result.effects) {
      if (!(placesLeg && effect.type === 'emit' && effect.event.type === 'transfer'))
        await executeEffect(ctx, timerControl, effect, event.atMs);
      trackEffect(memory, effect, event.atMs);
    }
    shutdownIfEnded();
    return { accepted: true, event };
  }

  function enqueueInput(input: RawInput): Promise<InputOutcome> {
    const run = chain.then(() => process(input));
    chain = run.catch((error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      failures.push(err);
      logger.error({ callId, input: input.type, err: err.message }, 'input failed');
    });
    return run;
  }

  async function idle(): Promise<void> {
    for (;;) {
      const tail = chain;
      await tail;
      if (tail === chain) return;
    }
  }

  return {
    callId,
    async connect(info) {
      memory = emptyMemory(clock.now());
      await log.annotate(callId, 'startedAtMs', String(memory.startedAtMs));
      return enqueueInput({ ...info, type: 'call.connected', id: `${callId}:connected` });
    },
    input: (input) => enqueueInput(input),
    async resume() {
      await idle();
      const [events, notes] = await Promise.all([log.read(callId), log.annotations(callId)]);
      memory = emptyMemory(Number(notes.startedAtMs ?? clock.now()));
      memory.recordingId = notes.recordingId ?? null;
      state = engine.initialState();
      const replayed: CallEvent[] = [];
      for (const event of events) {
        trackInput(memory, event);
        const result = engine.step(flow, state, event);
        state = result.state;
        for (const effect of result.effects) {
          if (effect.type === 'emit') replayed.push({ ...effect.event, atMs: event.atMs } as CallEvent);
          if (effect.type === 'say') replayed.push({ type: 'prompt', id: effect.promptId, text: effect.text, atMs: event.atMs });
          trackEffect(memory, effect, event.atMs);
        }
      }
      if (engine.isEnded(state)) memory.ended = true;
      if (!memory.ended) {
        // Died mid-announcement: play it again whole, with its answer window, as a fresh play.
        if (memory.announcement && engine.consent(state) === 'pending') replayAnnouncement(ctx, memory.announcement, atMsNow());
        for (const [timerId, dueAtMs] of Object.entries(memory.timers)) armTimer(timerId, dueAtMs);
        // The in-process queue did not survive the restart: the caller joins again at the back.
        if (memory.queue) {
          joinQueue(ctx, memory.queue, `resumed@${atMsNow()}`, { announce: false });
        }
      }
      logger.info({ callId, events: events.length }, 'call resumed from log');
      return { events: events.length, replayed };
    },
    idle,
    state: () => state,
    memory: () => memory,
    failures: () => failures,
    close() {
      for (const id of [...timers.keys()]) disarm(id);
      if (memory.queue) leaveQueue(ctx, memory.queue);
    },
  };
}
