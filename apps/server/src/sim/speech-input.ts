/**
 * How the simulator hears an `audio:` step: the server's speech pipeline (server VAD, then
 * speech recognition) turns a WAV file into what the caller said, as on a live call. The
 * server area plugs its pipeline in through this port; without one, audio steps fail clearly.
 */
export interface SpeechInput {
  /** `wavPath` is absolute (resolved against the scenario file); 16 kHz or 8 kHz mono. */
  transcribe(wavPath: string): Promise<string>;
}

export class SpeechUnavailableError extends Error {
  readonly code = 'speech-unavailable';
  readonly retryable = false;
}

export const noSpeechInput: SpeechInput = {
  async transcribe(wavPath) {
    throw new SpeechUnavailableError(
      `audio step ${wavPath}: audio steps need the speech pipeline (server VAD + speech recognition); none is configured in this build`,
    );
  },
};
