/**
 * The speech-to-text port (livekit/agents-js shape: a small interface, capability flags, I/O
 * errors with a code and `retryable`). Audio is 16 kHz mono Int16.
 */
export interface Transcript {
  text: string;
  /** Which adapter produced it, for logs and metrics. */
  engine: string;
}

export interface SpeechToText {
  readonly name: string;
  /** True when the recogniser only knows a closed vocabulary (pocketsphinx + JSGF). */
  readonly constrained: boolean;
  transcribe(audio: Int16Array, signal?: AbortSignal): Promise<Transcript>;
  /** Releases what the adapter holds (temporary files, processes); transcribe fails afterwards. */
  close?(): Promise<void>;
}

export type SttErrorCode = 'stt-unavailable' | 'stt-failed' | 'stt-timeout' | 'stt-bad-response';

export class SttError extends Error {
  override name = 'SttError';
  constructor(
    readonly code: SttErrorCode,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** What the caller is told when no recogniser is available: the keypad and text box still work. */
export const STT_UNAVAILABLE_HINT = 'Speech recognition is not available on this server; please use the keypad or type your request.';
