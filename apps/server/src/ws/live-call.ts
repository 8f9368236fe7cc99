import type { EngineState } from '@switchboard/ivr';
import type { CallEvent, ClientMessage, TimerHandle } from '@switchboard/protocol';
import { CloseCodes } from '@switchboard/protocol';
import type { CallInput } from '../call/call-input.js';
import type { CallRuntime } from '../call/call-runtime.js';
import { CallSession, type SessionNotice } from '../call/call-session.js';
import type { VadMode } from '../speech/utterance-detector.js';
import { type AudioSink, CallAudioOut } from './call-audio-out.js';
import type { CallServices } from './call-services.js';

/** One connected browser. */
export interface CallSocket extends AudioSink {
  close(code: number, reason: string): void;
}

/**
 * The web door: a CallSession on the real clock, adapted to the browser's socket — Int16
 * frames and JSON control in, events (with sequence numbers, replayed on reconnect), prompt
 * audio and VAD notices out. Survives socket drops; after a process restart the session
 * resumes it from the durable event log. Only the reconnect grace is this door's own rule.
 */
export class LiveCall {
  readonly callId: string;
  readonly session: CallSession;
  readonly #services: CallServices;
  readonly #audio: CallAudioOut;
  #socket: CallSocket | undefined;
  #abandonTimer: TimerHandle | undefined;
  /** The visitor had a socket and lost it (not the moment before the first one attaches). */
  #away = false;
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
    this.session = new CallSession(services, {
      callId,
      channel: 'web',
      door: { audio: this.#audio, event: (event) => this.#publish(event), notice: (notice) => this.#notice(notice) },
    });
  }

  get runtime(): CallRuntime<EngineState> {
    return this.session.runtime;
  }

  /** Starts a new call, or resumes one whose inputs are in the durable log (after a restart). */
  static async open(callId: string, services: CallServices, onEnded: () => void = () => {}): Promise<LiveCall> {
    const call = new LiveCall(callId, services, onEnded);
    await call.session.open({ caller: `web:${callId}` });
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
    this.session.listen(vad);
    socket.sendJson({ type: 'ready', callId: this.callId, vad });
    for (const { seq, event } of this.#services.outbox.since(this.callId, lastSeq)) socket.sendJson({ type: 'event', seq, event });
  }

  detach(socket: CallSocket): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#away = true;
    this.session.stopListening();
    this.#services.metrics.activeCalls.dec({ channel: 'web' });
    const grace = this.#services.reconnectGraceMs;
    if (grace !== undefined && !this.session.ended)
      this.#abandonTimer = this.#services.clock.setTimer(this.#services.clock.now() + grace, async () => {
        this.#abandonTimer = undefined;
        if (this.#socket || this.session.ended) return;
        this.#services.logger.info({ callId: this.callId, graceMs: grace }, 'visitor did not reconnect: call ended as abandoned');
        // One id per call: a second detach/expiry cannot hang up twice.
        await this.#input({ type: 'caller.hungup', id: `abandoned:${this.callId}` });
      });
  }

  /** One validated 512-sample frame from the visitor. */
  frame(samples: Int16Array): void {
    if (!this.#socket) return;
    if (!this.session.frame(samples)) {
      this.#services.metrics.wsRejected.inc({ reason: 'too-fast' });
      this.#socket.close(CloseCodes.policyViolation, 'audio arrives faster than real time');
    }
  }

  async message(message: Exclude<ClientMessage, { type: 'hello' }>): Promise<void> {
    switch (message.type) {
      case 'speech.start':
        this.session.speechEdge('start', message.id);
        return;
      case 'speech.end':
        this.session.speechEdge('end', message.id);
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
    await this.session.close();
  }

  #input(input: CallInput) {
    return this.session.input(input);
  }

  #notice(notice: SessionNotice): void {
    this.#socket?.sendJson(notice);
  }

  #publish(event: CallEvent): void {
    const seq = this.#services.outbox.append(this.callId, event);
    this.#socket?.sendJson({ type: 'event', seq, event });
    // The runtime emits call.ended once per call (the hub's removal is idempotent besides).
    if (event.type === 'call.ended') this.#onEnded();
  }
}
