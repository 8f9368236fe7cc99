import { Framer } from '@switchboard/audio';
import { type EngineState, isPaying, isRecording } from '@switchboard/ivr';
import type { CallEvent, Channel } from '@switchboard/protocol';
import { STT_UNAVAILABLE_HINT, SttError } from '../adapters/stt/stt.js';
import { UtteranceDetector, type VadMode } from '../speech/utterance-detector.js';
import { type CallStatus, callStatus, processCalls } from './call-directory.js';
import type { CallInput } from './call-input.js';
import { type CallRuntime, createCallRuntime, type InputOutcome } from './call-runtime.js';
import type { CallServices } from './call-services.js';
import { type CallerArrival, connectCaller } from './connect-caller.js';
import { ivrEngine } from './ivr-engine.js';
import { createMemoryCallQueue } from './memory-call-queue.js';
import { type CallAudio, type RuntimeLogger, silentLogger } from './ports.js';

/**
 * Why a call leaves our IVR: routed (`to`: the transfer's agent, then the handoff's route,
 * newest first — a door dials the first that has a number) or ended.
 */
export type CallExit = { kind: 'route'; to: string[] } | { kind: 'ended' };

/** What the speech pipeline tells a door that can show it (the web widget). */
export type SessionNotice = { type: 'vad'; state: 'speech.start' | 'speech.end' } | { type: 'error'; code: string; message: string };

/**
 * What a door gives the session: its audio output and where call events go. Everything else —
 * consent, queueing, recording, routing — is the session's; a rule in a door is a bug.
 */
export interface CallDoor {
  /** Prompts out (barge-in stops them). Absent: a prompt counts as played at once (simulator). */
  audio?: CallAudio;
  /** Every call event, in order, as the runtime emits it. */
  event?(event: CallEvent): void;
  notice?(notice: SessionNotice): void;
  /** The engine routed or ended the call and every prompt has played: hand the caller on. */
  exit?(exit: CallExit): void;
}

/** Frames queued for the model beyond this (≈ 3 s of audio) mean audio arrives faster than real time. */
const MAX_PENDING_FRAMES = 96;

/**
 * One call, whichever door it came through (DESIGN.md "Calls: one session, many doors"): the
 * runtime built from the one services bundle, open-or-resume from the call log, the
 * consent-gated audio write, utterance → card-entry drop → STT → `caller.said`, barge-in,
 * exit watching, metrics, and its entry in the directory of live calls.
 */
export class CallSession {
  readonly callId: string;
  readonly channel: Channel;
  readonly runtime: CallRuntime<EngineState>;
  readonly services: CallServices;
  /** Set when the engine routes or ends the call; an `call.ended` after a route wins (an outage after the handoff). */
  exit: CallExit | null = null;
  /** What the last resume replayed from the log (events and prompts), for doors that rebuild their own view of it. */
  replayed: readonly CallEvent[] = [];
  readonly #door: CallDoor;
  readonly #logger: RuntimeLogger;
  #detector: UtteranceDetector | undefined;
  #recordingOpen: string | null = null;
  #turnStartedAt: number | undefined;
  #opened: Promise<unknown> = Promise.resolve();
  #exiting = false;
  #closed = false;
  #unlist: () => void = () => undefined;
  readonly #framer = new Framer();

  constructor(services: CallServices, call: { callId: string; channel: Channel; door: CallDoor }) {
    this.callId = call.callId;
    this.channel = call.channel;
    this.services = services;
    this.#door = call.door;
    this.#logger = services.logger ?? silentLogger;
    this.runtime = createCallRuntime({
      callId: call.callId,
      flow: services.flow,
      engine: ivrEngine,
      clock: services.clock,
      classifier: services.classifier,
      compliance: services.compliance,
      log: services.eventLog,
      logger: this.#logger,
      queue: services.queue ?? createMemoryCallQueue(),
      sink: (event) => this.#event(event),
      ...(call.door.audio ? { audio: call.door.audio } : {}),
      ...(services.placer ? { placer: services.placer } : {}),
      ...(services.agents ? { agents: services.agents } : {}),
    });
  }

  /**
   * A new call (jurisdiction from the caller's number, the announcement, `call.connected`), or
   * one already in the durable log resumed: state replayed, timers re-armed, no second
   * announcement unless it was cut off mid-way. Inputs that arrive meanwhile wait for it.
   */
  open(arrival: Omit<CallerArrival, 'channel' | 'language'>): Promise<'started' | 'resumed'> {
    const opening = this.#open(arrival);
    // A call that could not be opened is not live: staff routes must not find it.
    this.#opened = opening.catch(() => this.#unlist());
    return opening;
  }

  async #open(arrival: Omit<CallerArrival, 'channel' | 'language'>): Promise<'started' | 'resumed'> {
    const { eventLog, flow, metrics } = this.services;
    this.#unlist = (this.services.calls ?? processCalls).add(this.callId, {
      channel: this.channel,
      input: (input) => this.input(input),
      status: () => this.status(),
    });
    if ((await eventLog.read(this.callId)).length === 0) {
      await connectCaller(this.runtime, { ...arrival, channel: this.channel, language: flow.language });
      metrics?.calls.inc({ channel: this.channel });
      await this.runtime.idle();
      return 'started';
    }
    const { replayed } = await this.runtime.resume();
    this.replayed = replayed;
    for (const event of replayed) this.#watchExit(event);
    if (this.ended) {
      this.exit = { kind: 'ended' };
      this.#unlist();
    }
    this.#logger.info({ callId: this.callId, channel: this.channel }, 'call resumed from its event log');
    this.#exitWhenDone();
    return 'resumed';
  }

  /** Every caller input enters the call here (keys, words, consent clicks, hang-ups, timers of doors). */
  async input(input: CallInput): Promise<InputOutcome> {
    await this.#opened;
    const outcome = await this.runtime.input(input);
    if (!outcome.accepted) this.#logger.info({ callId: this.callId, input: input.type, ignored: outcome.reason }, 'input not applied');
    return outcome;
  }

  /** Card entry and recording as the engine holds them, with the recording's id. */
  status(): CallStatus {
    return callStatus(this.runtime);
  }

  /** Starts (or restarts, after a reconnect) utterance detection: server VAD or the browser's speech edges. */
  listen(mode: VadMode): void {
    this.#detector?.close();
    this.#detector = undefined;
    if (mode === 'server' && !this.services.vad) {
      this.#logger.warn({ callId: this.callId }, 'no server VAD: this call takes keys only');
      return;
    }
    this.#detector = new UtteranceDetector(
      mode,
      {
        onSpeechStart: () => this.#speechStarted(),
        onUtterance: (audio, id) => void this.utterance(audio, id),
        onError: (error) => this.#logger.error({ callId: this.callId, err: String(error) }, 'VAD failed'),
      },
      this.services.vad ? { vad: this.services.vad } : {},
    );
  }

  stopListening(): void {
    this.#detector?.close();
    this.#detector = undefined;
  }

  /**
   * One 16 kHz frame of the caller: written only while the engine says the recording is active
   * (never before consent, never paused), then to the detector. False when audio arrives faster
   * than real time (the door closes its connection).
   */
  frame(samples: Int16Array): boolean {
    if (this.#closed) return true;
    if (this.#detector && this.#detector.pendingFrames > MAX_PENDING_FRAMES) return false;
    // The engine's state decides; the id is the runtime's (made when the start was executed).
    const { recordingId } = this.runtime.memory();
    const { recordings } = this.services;
    if (recordings && recordingId && isRecording(this.runtime.state())) {
      this.#recordingOpen = recordingId;
      recordings.write(recordingId, samples);
    }
    this.#detector?.pushFrame(samples);
    return true;
  }

  /**
   * 16 kHz mono PCM in pieces of any length (a LiveKit track's 10 ms frames, say): cut into the
   * 512-sample frames VAD and recordings take. False as for `frame`.
   */
  pcm(samples: Int16Array): boolean {
    return this.#framer.push(samples).every((frame) => this.frame(frame));
  }

  /** The browser's own VAD bracketed an utterance (browser mode). */
  speechEdge(edge: 'start' | 'end', id: string): void {
    if (edge === 'start') this.#detector?.browserSpeechStart(id);
    else this.#detector?.browserSpeechEnd(id);
  }

  #speechStarted(): void {
    this.#door.notice?.({ type: 'vad', state: 'speech.start' });
    // Barge-in: only prompts the engine marked interruptible (never the consent announcement).
    const audio = this.#door.audio;
    if (audio?.speaking && audio.interruptible)
      void this.input({ type: 'caller.interrupted', id: `interrupt:${globalThis.crypto.randomUUID()}` });
  }

  /** One finished utterance: dropped during card entry, else recognised and handed to the engine as `caller.said`. */
  async utterance(audio: Int16Array, id: string): Promise<void> {
    this.#door.notice?.({ type: 'vad', state: 'speech.end' });
    this.#logger.info({ callId: this.callId, samples: audio.length }, 'utterance detected');
    const { stt, metrics } = this.services;
    // PCI DSS: speech during card entry may carry card digits; it never reaches any recogniser.
    if (isPaying(this.runtime.state()) || this.#closed) {
      this.#logger.info({ callId: this.callId, samples: audio.length }, 'utterance dropped during card entry');
      return;
    }
    if (!stt) {
      this.#door.notice?.({ type: 'error', code: 'stt-unavailable', message: STT_UNAVAILABLE_HINT });
      return;
    }
    let text: string;
    const started = performance.now();
    try {
      text = (await stt.transcribe(audio)).text;
      const seconds = (performance.now() - started) / 1000;
      metrics?.sttSeconds.observe(seconds);
      // Length only: the words are the caller's (personal data) and go to the log as an input.
      this.#logger.info({ callId: this.callId, chars: text.length, sttMs: Math.round(seconds * 1000) }, 'utterance recognised');
    } catch (error) {
      const code = error instanceof SttError ? error.code : 'stt-failed';
      this.#logger.warn({ callId: this.callId, code, err: String(error) }, 'speech recognition failed');
      const message =
        error instanceof SttError && !error.retryable
          ? error.message
          : 'Sorry, speech recognition failed; please try again or use the keypad.';
      this.#door.notice?.({ type: 'error', code, message });
      return;
    }
    if (!text || isPaying(this.runtime.state())) return;
    // Timed to the routing decision (the `intent` event), not to the effects that follow it.
    this.#turnStartedAt = performance.now();
    await this.input({ type: 'caller.said', id, text });
    this.#turnStartedAt = undefined;
  }

  /** The door is gone (process shutdown, a dropped stream): timers off, recording sealed; the log keeps the call resumable. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unlist();
    this.runtime.close();
    this.#door.audio?.stopSpeaking();
    this.stopListening();
    await this.#closeRecording();
  }

  /** The engine has ended the call (its state says so; nothing else keeps a copy). */
  get ended(): boolean {
    return ivrEngine.isEnded(this.runtime.state());
  }

  get closed(): boolean {
    return this.#closed;
  }

  async #closeRecording(): Promise<void> {
    const id = this.#recordingOpen;
    this.#recordingOpen = null;
    if (id)
      await this.services.recordings
        ?.close(id)
        .catch((error: unknown) => this.#logger.error({ callId: this.callId, err: String(error) }, 'closing the recording failed'));
  }

  #event(event: CallEvent): void {
    this.#count(event);
    if (event.type === 'recording.stopped' || event.type === 'call.ended') void this.#closeRecording();
    if (event.type === 'call.ended') {
      // The agent who took this caller is free for the next one; staff routes read the log now.
      this.services.queue?.finished(this.callId);
      this.#unlist();
    }
    this.#door.event?.(event);
    this.services.observe?.(this.callId, event);
    this.#watchExit(event);
    this.#exitWhenDone();
  }

  #count(event: CallEvent): void {
    const m = this.services.metrics;
    if (!m) return;
    if (event.type === 'intent') {
      if (this.#turnStartedAt !== undefined) m.turnSeconds.observe((performance.now() - this.#turnStartedAt) / 1000);
      this.#turnStartedAt = undefined;
      m.sentiment.inc({ sentiment: event.sentiment });
      const route = this.services.flow.intents.find((i) => i.name === event.intent)?.route ?? 'none';
      m.intents.inc({ channel: this.channel, intent: event.intent, route, via: event.via });
    } else if (event.type === 'consent.decided') m.consent.inc({ decision: event.decision, method: event.method });
  }

  #watchExit(event: CallEvent): void {
    if (event.type === 'handoff' || event.type === 'transfer')
      this.exit = { kind: 'route', to: [event.to, ...(this.exit?.kind === 'route' ? this.exit.to : [])] };
    // An ending after a handoff (the agent leg could not be placed: outage message, hang-up)
    // replaces the route: the door must not dial after saying goodbye.
    else if (event.type === 'call.ended') this.exit = { kind: 'ended' };
  }

  #exitWhenDone(): void {
    if (!this.exit || this.#exiting || !this.#door.exit) return;
    this.#exiting = true;
    void this.#handBack();
  }

  /** After the last prompt (e.g. "connecting you to billing") has played, hand the call back to its door. */
  async #handBack(): Promise<void> {
    await this.runtime.idle();
    await this.#door.audio?.drained?.();
    await this.runtime.idle();
    if (!this.#closed && this.exit) this.#door.exit?.(this.exit);
  }
}
