import { int16ToBytesLE, SAMPLE_RATE, toFrames } from '@switchboard/audio';
import type { Clock, ServerMessage, TimerHandle } from '@switchboard/protocol';
import type { TextToSpeech } from '../adapters/tts/tts.js';
import type { CallAudio, SpokenPrompt } from '../call/ports.js';

export interface AudioSink {
  sendJson(message: ServerMessage): void;
  sendBinary(bytes: Uint8Array<ArrayBuffer>): void;
}

/**
 * The runtime's CallAudio for a web call: espeak-ng speech streamed down the socket as binary
 * 512-sample frames (the browser buffers and plays them), and `speak` resolves when the prompt
 * has had time to play on the real clock — that is when the runtime feeds `prompt.finished`.
 */
export class CallAudioOut implements CallAudio {
  readonly #tts: TextToSpeech | undefined;
  readonly #clock: Clock;
  readonly #sink: () => AudioSink | undefined;
  #current: { prompt: SpokenPrompt; timer: TimerHandle | undefined; done(): void } | undefined;

  readonly #visitorLeft: () => boolean;

  constructor(options: { tts?: TextToSpeech; clock: Clock; sink: () => AudioSink | undefined; visitorLeft?: () => boolean }) {
    this.#tts = options.tts;
    this.#clock = options.clock;
    this.#sink = options.sink;
    this.#visitorLeft = options.visitorLeft ?? (() => false);
  }

  /** The prompt now playing, if the caller may talk over it. */
  get interruptible(): boolean {
    return this.#current?.prompt.interruptible ?? false;
  }

  get speaking(): boolean {
    return this.#current !== undefined;
  }

  async speak(prompt: SpokenPrompt): Promise<void> {
    this.stopSpeaking();
    let audio: Int16Array | undefined;
    try {
      // The visitor left (socket gone, not yet back): time the prompt at reading speed rather
      // than synthesise audio for no one; a reconnect replays what was missed as events. (Before
      // the first socket attaches — a new call's announcement — the audio is made and sent.)
      audio = this.#tts && !this.#visitorLeft() ? await this.#tts.synthesize(prompt.text) : undefined;
    } catch {
      // No TTS: the page shows the prompt text (a `prompt` event); carry on at reading speed.
      audio = undefined;
    }
    const durationMs = audio ? (audio.length / SAMPLE_RATE) * 1000 : Math.min(8_000, prompt.text.length * 40);
    return new Promise<void>((resolve) => {
      const done = () => {
        if (this.#current?.done !== done) return;
        if (this.#current.timer !== undefined) this.#clock.clearTimer(this.#current.timer);
        this.#current = undefined;
        this.#sink()?.sendJson({ type: 'tts', state: 'end', promptId: prompt.promptId });
        resolve();
      };
      this.#current = { prompt, timer: undefined, done };
      const sink = this.#sink();
      sink?.sendJson({ type: 'tts', state: 'start', promptId: prompt.promptId });
      // Whole 512-sample frames down as well as up (the last one padded with silence).
      if (audio && sink) for (const frame of toFrames(audio)) sink.sendBinary(int16ToBytesLE(frame));
      this.#current.timer = this.#clock.setTimer(this.#clock.now() + durationMs, done);
    });
  }

  stopSpeaking(): void {
    this.#current?.done();
  }

  play(): void {
    // Hold music is a static asset the page loops itself on `queue.joined`.
  }
}
