import type { EngineState } from '@switchboard/ivr';
import type { CallEvent } from '@switchboard/protocol';
import type { SpeechToText } from '../adapters/stt/stt.js';
import type { BatchedVad } from '../adapters/vad/batched-vad.js';
import type { CallInput } from '../call/call-input.js';
import { type CallRuntime, createCallRuntime } from '../call/call-runtime.js';
import { connectCaller } from '../call/connect-caller.js';
import { ivrEngine } from '../call/ivr-engine.js';
import { type RuntimeLogger, silentLogger } from '../call/ports.js';
import type { Metrics } from '../observability/metrics.js';
import { UtteranceDetector } from '../speech/utterance-detector.js';
import type { RecordingSink } from '../ws/recording-writer.js';
import { MediaStreamAudioOut, type PhonePromptCache } from './media-stream-audio-out.js';
import { PhoneAudioIn } from './media-stream-codec.js';
import type { PstnCallDeps } from './pstn-call.js';

/** What every media-stream call shares, built once with the carrier layer: a phone call's, plus its media. */
export interface MediaStreamDeps extends PstnCallDeps {
  metrics?: Metrics;
  /** Server VAD; without it the stream still takes DTMF, but speech is not heard. */
  vad?: BatchedVad;
  stt?: SpeechToText;
  /** Prompt speech (TTS → μ-law); without it prompts are silent marks. */
  prompts?: PhonePromptCache;
  /** Where consented caller audio goes (16 kHz, as for web calls); without it nothing is kept. */
  recordings?: RecordingSink;
}

export type StreamExit = { kind: 'route'; to: string } | { kind: 'ended' };

/** Frames queued for the model beyond this (≈ 3 s) mean audio arrives faster than real time. */
const MAX_PENDING_FRAMES = 96;

export const streamCallId = (provider: string, callSid: string) => `pstn-${provider}-${callSid}`;

/**
 * One phone call on a bidirectional media stream: the caller's audio goes through the same
 * server pipeline as a web call (16 kHz → UtteranceDetector/Silero → STT → runtime), prompts
 * come back as μ-law with marks. When the engine routes or ends the call, `onExit` fires once
 * every prompt has played, so the transport can close the socket and let the carrier go on.
 */
export class MediaStreamCall {
  readonly callId: string;
  readonly runtime: CallRuntime<EngineState>;
  readonly audio: MediaStreamAudioOut;
  exit: StreamExit | null = null;
  readonly #deps: MediaStreamDeps;
  readonly #logger: RuntimeLogger;
  readonly #in = new PhoneAudioIn();
  readonly #detector: UtteranceDetector | undefined;
  readonly #onExit: (exit: StreamExit) => void;
  readonly #onOverrun: () => void;
  #exiting = false;
  #closed = false;
  #opened: Promise<void> = Promise.resolve();
  #recordingOpen: string | null = null;

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
    this.#deps = deps;
    this.#logger = deps.logger ?? silentLogger;
    this.callId = streamCallId(stream.provider, stream.callSid);
    this.#onExit = stream.onExit;
    this.#onOverrun = stream.onOverrun;
    this.audio = new MediaStreamAudioOut({
      send: stream.send,
      streamSid: stream.streamSid,
      logger: this.#logger,
      ...(deps.prompts ? { prompts: deps.prompts } : {}),
    });
    this.runtime = createCallRuntime({
      callId: this.callId,
      flow: deps.flow,
      engine: ivrEngine,
      clock: deps.clock,
      classifier: deps.classifier,
      compliance: deps.compliance,
      log: deps.eventLog,
      logger: this.#logger,
      audio: this.audio,
      sink: (event) => this.#event(event),
      ...(deps.placer ? { placer: deps.placer } : {}),
    });
    if (deps.vad)
      this.#detector = new UtteranceDetector(
        'server',
        {
          onSpeechStart: () => this.#speechStarted(),
          onUtterance: (audio, id) => void this.#utterance(audio, id),
          onError: (error) => this.#logger.error({ callId: this.callId, err: String(error) }, 'VAD failed'),
        },
        { vad: deps.vad },
      );
    else this.#logger.warn({ callId: this.callId }, 'no server VAD: this media stream takes DTMF only');
  }

  /**
   * A new call: jurisdiction from the caller's number, the announcement, `call.connected`. A call
   * already in the durable log (its stream dropped, or the process restarted, and the carrier
   * came back through the <Redirect>) resumes instead: state replayed, timers re-armed, no
   * second announcement — unless it was cut off mid-announcement, which plays again whole.
   */
  open(from: string): Promise<'started' | 'resumed'> {
    const opening = this.#open(from);
    // Keys and speech that arrive while the call is being connected or replayed wait for it.
    this.#opened = opening.then(
      () => undefined,
      () => undefined,
    );
    return opening;
  }

  async #open(from: string): Promise<'started' | 'resumed'> {
    this.#deps.metrics?.activeCalls.inc({ channel: 'pstn' });
    if ((await this.#deps.eventLog.read(this.callId)).length === 0) {
      await connectCaller(this.runtime, { caller: from, channel: 'pstn', language: this.#deps.flow.language });
      this.#deps.metrics?.calls.inc({ channel: 'pstn' });
      return 'started';
    }
    const { replayed } = await this.runtime.resume();
    // Routed or ended before the stream dropped: hand it straight back to the carrier.
    for (const event of replayed) this.#watchExit(event);
    if (this.runtime.memory().ended) this.exit ??= { kind: 'ended' };
    this.#exitWhenDone();
    return 'resumed';
  }

  /** One inbound μ-law payload. */
  media(mulaw: Uint8Array): void {
    if (this.#closed || (!this.#detector && !this.#deps.recordings)) return;
    if (this.#detector && this.#detector.pendingFrames > MAX_PENDING_FRAMES) {
      this.#onOverrun();
      return;
    }
    this.#in.push(mulaw, (frame) => {
      this.#record(frame);
      this.#detector?.pushFrame(frame);
    });
  }

  /** Consent-gated: audio is written only while the runtime says the recording is active (never paused, never before consent). */
  #record(frame: Int16Array): void {
    const memory = this.runtime.memory();
    if (!this.#deps.recordings || memory.recording !== 'active' || !memory.recordingId) return;
    this.#recordingOpen = memory.recordingId;
    this.#deps.recordings.write(memory.recordingId, frame);
  }

  #closeRecording(): void {
    const id = this.#recordingOpen;
    this.#recordingOpen = null;
    if (id)
      void this.#deps.recordings
        ?.close(id)
        .catch((error: unknown) => this.#logger.error({ callId: this.callId, err: String(error) }, 'closing the recording failed'));
  }

  dtmf(digit: string, id: string): Promise<unknown> {
    return this.#input({ type: 'caller.dtmf', id, digit });
  }

  marked(name: string): void {
    this.audio.marked(name);
  }

  /** The carrier stopped the stream (the caller hung up) or the socket went away. */
  async hangup(id: string): Promise<void> {
    if (this.#closed) return;
    await this.#input({ type: 'caller.hungup', id });
    await this.runtime.idle();
    this.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.audio.abandon();
    this.runtime.close();
    this.#closeRecording();
    this.#detector?.close(); // frees its Silero stream
    this.#deps.metrics?.activeCalls.dec({ channel: 'pstn' });
  }

  async #input(input: CallInput) {
    await this.#opened;
    const outcome = await this.runtime.input(input);
    if (!outcome.accepted) this.#logger.info({ callId: this.callId, input: input.type, ignored: outcome.reason }, 'input not applied');
    return outcome;
  }

  #event(event: CallEvent): void {
    if (event.type === 'recording.stopped' || event.type === 'call.ended') this.#closeRecording();
    const m = this.#deps.metrics;
    if (event.type === 'intent') {
      m?.sentiment.inc({ sentiment: event.sentiment });
      const route = this.#deps.flow.intents.find((i) => i.name === event.intent)?.route ?? 'none';
      m?.intents.inc({ channel: 'pstn', intent: event.intent, route, via: event.via });
    } else if (event.type === 'consent.decided') m?.consent.inc({ decision: event.decision, method: event.method });
    this.#watchExit(event);
    this.#exitWhenDone();
  }

  #watchExit(event: CallEvent): void {
    if (event.type === 'handoff' || event.type === 'transfer') this.exit ??= { kind: 'route', to: event.to };
    else if (event.type === 'call.ended') this.exit ??= { kind: 'ended' };
  }

  #exitWhenDone(): void {
    if (this.exit && !this.#exiting) {
      this.#exiting = true;
      void this.#finish();
    }
  }

  /** After the last prompt (e.g. "connecting you to billing") has played, hand the call back. */
  async #finish(): Promise<void> {
    await this.runtime.idle();
    await this.audio.drained();
    if (!this.#closed && this.exit) this.#onExit(this.exit);
  }

  #speechStarted(): void {
    // Barge-in: only prompts the engine marked interruptible (never the consent announcement).
    if (this.audio.speaking && this.audio.interruptible)
      void this.#input({ type: 'caller.interrupted', id: `interrupt:${globalThis.crypto.randomUUID()}` });
  }

  async #utterance(audio: Int16Array, id: string): Promise<void> {
    const { stt, metrics } = this.#deps;
    this.#logger.info({ callId: this.callId, samples: audio.length }, 'utterance detected');
    // PCI DSS: speech during card entry may carry card digits; it never reaches any recogniser.
    if (this.runtime.memory().cardEntry || this.#closed) return;
    if (!stt) return;
    let text: string;
    const started = performance.now();
    try {
      text = (await stt.transcribe(audio)).text;
      const seconds = (performance.now() - started) / 1000;
      metrics?.sttSeconds.observe(seconds);
      // Length only: the words are the caller's (personal data) and go to the log as an input.
      this.#logger.info({ callId: this.callId, chars: text.length, sttMs: Math.round(seconds * 1000) }, 'utterance recognised');
    } catch (error) {
      this.#logger.warn({ callId: this.callId, err: String(error) }, 'speech recognition failed');
      return;
    }
    if (!text || this.runtime.memory().cardEntry) return;
    await this.#input({ type: 'caller.said', id, text });
  }
}
