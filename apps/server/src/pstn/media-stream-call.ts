import type { EngineState } from '@switchboard/ivr';
import type { CallRuntime } from '../call/call-runtime.js';
import { type CallExit, CallSession } from '../call/call-session.js';
import { silentLogger } from '../call/ports.js';
import { MediaStreamAudioOut, type PhonePromptCache } from './media-stream-audio-out.js';
import { PhoneAudioIn } from './media-stream-codec.js';
import type { PstnCallDeps } from './pstn-call.js';

/** What every media-stream call shares: the process's call services, plus phone prompt speech. */
export interface MediaStreamDeps extends PstnCallDeps {
  /** Prompt speech (TTS → μ-law); without it prompts are silent marks. */
  prompts?: PhonePromptCache;
}

export type StreamExit = CallExit;

export const streamCallId = (provider: string, callSid: string) => `pstn-${provider}-${callSid}`;

/**
 * The media-stream door: μ-law 8 kHz frames in (→ 16 kHz for the session), prompts out as
 * μ-law with marks, DTMF, and the hand-back once the session routes or ends the call and every
 * prompt has played (`onExit`: the transport closes the socket and the carrier goes on).
 */
export class MediaStreamCall {
  readonly callId: string;
  readonly session: CallSession;
  readonly audio: MediaStreamAudioOut;
  readonly #in = new PhoneAudioIn();
  readonly #onOverrun: () => void;
  readonly #metrics: MediaStreamDeps['metrics'];

  constructor(
    deps: MediaStreamDeps,
    stream: {
      provider: string;
      callSid: string;
      streamSid: string;
      send(text: string): void;
      onExit(exit: StreamExit): void;
      onOverrun(): void;
    },
  ) {
    this.callId = streamCallId(stream.provider, stream.callSid);
    this.#onOverrun = stream.onOverrun;
    this.#metrics = deps.metrics;
    this.audio = new MediaStreamAudioOut({
      send: stream.send,
      streamSid: stream.streamSid,
      logger: deps.logger ?? silentLogger,
      ...(deps.prompts ? { prompts: deps.prompts } : {}),
    });
    this.session = new CallSession(deps, { callId: this.callId, channel: 'pstn', door: { audio: this.audio, exit: stream.onExit } });
    this.session.listen('server');
  }

  get runtime(): CallRuntime<EngineState> {
    return this.session.runtime;
  }

  get exit(): StreamExit | null {
    return this.session.exit;
  }

  /** A new call, or one in the durable log resumed (its stream dropped, or the process restarted). */
  open(from: string): Promise<'started' | 'resumed'> {
    this.#metrics?.activeCalls.inc({ channel: 'pstn' });
    return this.session.open({ caller: from });
  }

  /** One inbound μ-law payload. */
  media(mulaw: Uint8Array): void {
    let overrun = false;
    this.#in.push(mulaw, (frame) => {
      if (!overrun && !this.session.frame(frame)) overrun = true;
    });
    if (overrun) this.#onOverrun();
  }

  dtmf(digit: string, id: string): Promise<unknown> {
    return this.session.input({ type: 'caller.dtmf', id, digit });
  }

  marked(name: string): void {
    this.audio.marked(name);
  }

  /** The carrier stopped the stream (the caller hung up) or the socket went away. */
  async hangup(id: string): Promise<void> {
    if (this.session.closed) return;
    await this.session.input({ type: 'caller.hungup', id });
    await this.runtime.idle();
    this.close();
  }

  close(): void {
    if (this.session.closed) return;
    this.audio.abandon();
    void this.session.close();
    this.#metrics?.activeCalls.dec({ channel: 'pstn' });
  }
}
