import type { EngineState } from '@switchboard/ivr';
import type { CallEvent, ClientMessage, ServerMessage } from '@switchboard/protocol';
import { CloseCodes } from '@switchboard/protocol';
import { STT_UNAVAILABLE_HINT, SttError } from '../adapters/stt/stt.js';
import type { CallInput } from '../call/call-input.js';
import { type CallRuntime, createCallRuntime } from '../call/call-runtime.js';
import { connectCaller } from '../call/connect-caller.js';
import { ivrEngine } from '../call/ivr-engine.js';
import { UtteranceDetector, type VadMode } from '../speech/utterance-detector.js';
import type { TimerHandle } from '../clock/clock.js';
import { type AudioSink, CallAudioOut } from './call-audio-out.js';
import type { CallServices } from './call-services.js';

/** One connected browser. */
export interface CallSocket extends AudioSink {
  close(code: number, reason: string): void;
}

/** Frames queued for the model beyond this (≈ 3 s of audio) mean the client sends faster than real time. */
const MAX_PENDING_FRAMES = 96;

/**
 * A live web call: the call runtime (the same one the simulator drives) on the real clock, its
 * socket, its speech input and its audio output. Survives socket drops; after a process
 * restart it is rebuilt from the durable event log (`resume`).
 */
export class LiveCall {
  readonly callId: string;
  readonly runtime: CallRuntime<EngineState>;
  readonly #services: CallServices;
  readonly #audio: CallAudioOut;
  #socket: CallSocket | undefined;
  #detector: UtteranceDetector | undefined;
  #recordingOpen: string | null = null;
  #abandonTimer: TimerHandle | undefined;
  /** The visitor had a socket and lost it (not the moment before the first one attaches). */
  #away = false;
  #turnStartedAt: number | undefined;
  readonly #onEnded: () => void;

  private constructor(callId: string, services: CallServices, onEnded: () => void) {
    this.callId = callId;
    this.#services = services;
    this.#onEnded = onEnded;
    this.#audio = new CallAudioOut({
      tts: services.tts,
      clock: services.clock,
      sink: () => this.#socket,
      visitorLeft: () => this.#away,
    });
    this.runtime = createCallRuntime({
      callId,
      flow: services.flow,
      engine: ivrEngine,
      clock: services.clock,
      classifier: services.classifier,
      compliance: services.compliance,
      queue: services.queue,
      log: services.eventLog,
      logger: services.logger,
      audio: this.#audio,
      sink: (event) => this.#publish(event),
      ...(services.placer ? { placer: services.placer } : {}),
    });
  }

  /** Starts a new call, or resumes one whose inputs are in the durable log (after a restart). */
  static async open(callId: string, services: CallServices, onEnded: () => void = () => {}): Promise<LiveCall> {
    const call = new LiveCall(callId, services, onEnded);
    const logged = await services.eventLog.read(callId);
    if (logged.length > 0) {
      await call.runtime.resume();
      services.logger.info({ callId, events: logged.length }, 'web call resumed from its event log');
    } else {
      await connectCaller(call.runtime, { caller: `web:${callId}`, channel: 'web', language: services.flow.language });
      services.metrics.calls.inc({ channel: 'web' });
    }
    return call;
  }

  get connected(): boolean {
    return this.#socket !== undefined;
  }

  /** Binds a socket (replacing an older one) and sends what the visitor has not seen yet. */
  attach(socket: CallSocket, vad: VadMode, lastSeq: number): void {
    if (this.#socket && this.#socket !== socket) this.#socket.close(CloseCodes.replaced, 'replaced by a newer connection');
    if (!this.#socket) this.#services.metrics.activeCalls.inc({ channel: 'web' });
    if (this.#abandonTimer !== undefined) this.#services.clock.clearTimer(this.#abandonTimer);
    this.#abandonTimer = undefined;
    this.#away = false;
    this.#socket = socket;
    this.#detector?.close();
    this.#detector = new UtteranceDetector(
      vad,
      {
        onSpeechStart: () => this.#speechStarted(),
        onUtterance: (audio, id) => void this.#utterance(audio, id),
        onError: (error) => this.#services.logger.error({ callId: this.callId, err: String(error) }, 'VAD failed'),
      },
      this.#services.vad ? { vad: this.#services.vad } : {},
    );
    socket.sendJson({ type: 'ready', callId: this.callId, vad });
    for (const { seq, event } of this.#services.outbox.since(this.callId, lastSeq)) socket.sendJson({ type: 'event', seq, event });
  }

  detach(socket: CallSocket): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#away = true;
    this.#detector?.close();
    this.#detector = undefined;
    this.#services.metrics.activeCalls.dec({ channel: 'web' });
    const grace = this.#services.reconnectGraceMs;
    if (grace !== undefined && !this.runtime.memory().ended)
      this.#abandonTimer = this.#services.clock.setTimer(this.#services.clock.now() + grace, async () => {
        this.#abandonTimer = undefined;
        if (this.#socket || this.runtime.memory().ended) return;
        this.#services.logger.info({ callId: this.callId, graceMs: grace }, 'visitor did not reconnect: call ended as abandoned');
        // One id per call: a second detach/expiry cannot hang up twice.
        await this.#input({ type: 'caller.hungup', id: `abandoned:${this.callId}` });
      });
  }

  /** One validated 512-sample frame from the visitor. */
  frame(samples: Int16Array): void {
    const detector = this.#detector;
    if (!detector) return;
    if (detector.pendingFrames > MAX_PENDING_FRAMES) {
      this.#services.metrics.wsRejected.inc({ reason: 'too-fast' });
      this.#socket?.close(CloseCodes.policyViolation, 'audio arrives faster than real time');
      return;
    }
    this.#record(samples);
    detector.pushFrame(samples);
  }

  async message(message: Exclude<ClientMessage, { type: 'hello' }>): Promise<void> {
    switch (message.type) {
      case 'speech.start':
        this.#detector?.browserSpeechStart(message.id);
        return;
      case 'speech.end':
        this.#detector?.browserSpeechEnd(message.id);
        return;
      case 'dtmf':
        await this.#input({ type: 'caller.dtmf', id: `dtmf:${message.id}`, digit: message.digit });
        return;
      case 'text':
        await this.#input({ type: 'caller.said', id: `text:${message.id}`, text: message.text });
        return;
      case 'consent':
        await this.#input({ type: 'consent.given', id: `consent:${message.id}`, answer: message.answer });
        return;
      case 'hangup':
        await this.#input({ type: 'caller.hungup', id: `hangup:${message.id}` });
        return;
      default: {
        const never: never = message;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Process shutdown: timers off, recording file sealed; the durable log keeps the call resumable. */
  async close(): Promise<void> {
    if (this.#abandonTimer !== undefined) this.#services.clock.clearTimer(this.#abandonTimer);
    this.runtime.close();
    this.#audio.stopSpeaking();
    if (this.#recordingOpen) await this.#services.recordings?.close(this.#recordingOpen);
  }

  #send(message: ServerMessage): void {
    this.#socket?.sendJson(message);
  }

  async #input(input: CallInput) {
    const outcome = await this.runtime.input(input);
    if (!outcome.accepted)
      this.#services.logger.debug({ callId: this.callId, input: input.type, ignored: outcome.reason }, 'input not applied');
    return outcome;
  }

  #publish(event: CallEvent): void {
    if (event.type === 'intent' && this.#turnStartedAt !== undefined) {
      this.#services.metrics.turnSeconds.observe((performance.now() - this.#turnStartedAt) / 1000);
      this.#turnStartedAt = undefined;
    }
    const seq = this.#services.outbox.append(this.callId, event);
    this.#count(event);
    this.#send({ type: 'event', seq, event });
    // The runtime emits call.ended once per call (the hub's removal is idempotent besides).
    if (event.type === 'call.ended') this.#onEnded();
    if ((event.type === 'recording.stopped' || event.type === 'call.ended') && this.#recordingOpen) {
      const id = this.#recordingOpen;
      this.#recordingOpen = null;
      void this.#services.recordings?.close(id);
    }
  }

  #count(event: CallEvent): void {
    const m = this.#services.metrics;
    if (event.type === 'intent') {
      m.sentiment.inc({ sentiment: event.sentiment });
      const route = this.#services.flow.intents.find((i) => i.name === event.intent)?.route ?? 'none';
      m.intents.inc({ channel: 'web', intent: event.intent, route, via: event.via });
    } else if (event.type === 'consent.decided') m.consent.inc({ decision: event.decision, method: event.method });
  }

  /** Consent-gated: audio is written only while the runtime says the recording is active (never paused, never before consent). */
  #record(samples: Int16Array): void {
    const memory = this.runtime.memory();
    if (!this.#services.recordings || memory.recording !== 'active' || !memory.recordingId) return;
    this.#recordingOpen = memory.recordingId;
    this.#services.recordings.write(memory.recordingId, samples);
  }

  #speechStarted(): void {
    this.#send({ type: 'vad', state: 'speech.start' });
    // Barge-in: only prompts the engine marked interruptible (never the consent announcement).
    if (this.#audio.speaking && this.#audio.interruptible)
      void this.#input({ type: 'caller.interrupted', id: `interrupt:${globalThis.crypto.randomUUID()}` });
  }

  async #utterance(audio: Int16Array, id: string): Promise<void> {
    this.#send({ type: 'vad', state: 'speech.end' });
    const { logger, metrics, stt } = this.#services;
    // PCI DSS: speech during card entry may carry card digits; it never reaches any recogniser.
    if (this.runtime.memory().cardEntry) {
      logger.info({ callId: this.callId, samples: audio.length }, 'utterance dropped during card entry');
      return;
    }
    if (!stt) {
      this.#send({ type: 'error', code: 'stt-unavailable', message: STT_UNAVAILABLE_HINT });
      return;
    }
    let text: string;
    const sttStarted = performance.now();
    try {
      text = (await stt.transcribe(audio)).text;
      metrics.sttSeconds.observe((performance.now() - sttStarted) / 1000);
    } catch (error) {
      const code = error instanceof SttError ? error.code : 'stt-failed';
      logger.warn({ callId: this.callId, code, err: String(error) }, 'speech recognition failed');
      this.#send({
        type: 'error',
        code,
        message:
          error instanceof SttError && !error.retryable
            ? error.message
            : 'Sorry, speech recognition failed; please try again or use the keypad.',
      });
      return;
    }
    if (!text) return;
    if (this.runtime.memory().cardEntry) return;
    // Timed to the routing decision (the `intent` event, see #publish), not to the end of the
    // effects that follow it (prompts, queue joins, audit writes).
    this.#turnStartedAt = performance.now();
    await this.#input({ type: 'caller.said', id, text });
    this.#turnStartedAt = undefined;
  }
}
