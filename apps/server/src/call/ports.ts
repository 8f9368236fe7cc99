import type { ConsentStatus, Effect, Step } from '@switchboard/ivr';

export type { Effect };

/** The dialogue engine the runtime drives: @switchboard/ivr's pure `step` (see ivr-engine.ts). */
export interface Engine<S> {
  initialState(): S;
  step: Step<S>;
  isEnded(state: S): boolean;
  /** This input id has been applied already (carriers and clients deliver twice; a restart replays). */
  applied(state: S, inputId: string): boolean;
  /** Card entry under way (the engine's `paying`): keys and speech are card data. */
  isPaying(state: S): boolean;
  /** The consent decision as the engine holds it: transcripts are stored only under `granted`. */
  consent(state: S): ConsentStatus;
}

/**
 * Speech → intent runs before `step` (so `step` stays pure and replayable) through the one
 * classifier port, @switchboard/ivr's `Classifier`.
 */
export type { Classifier } from '@switchboard/ivr';

export interface SpokenPrompt {
  promptId: string;
  text: string;
  interruptible: boolean;
}

/**
 * Audio output of a live call (TTS, hold music). Absent in the simulator, where a prompt is
 * "played to the end" at once. `speak` resolves when the prompt finished playing; the runtime
 * then feeds `prompt.finished`. Barge-in is reported by the transport as a `caller.interrupted` input.
 */
export interface CallAudio {
  speak(prompt: SpokenPrompt): Promise<void>;
  stopSpeaking(): void;
  play(asset: 'hold-music', loop: boolean): void;
  startVoicemail?(queue: string): void;
  /** A prompt is playing now, and may be cut short by the caller (barge-in). */
  readonly speaking?: boolean;
  readonly interruptible?: boolean;
  /** Resolves once everything said has played (a phone door hands the caller on after it). */
  drained?(): Promise<void>;
}

/** The slice of pino's Logger the runtime uses. Personal data only under `pii.*`; DTMF digits never. */
export interface RuntimeLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: RuntimeLogger = { info() {}, warn() {}, error() {} };
