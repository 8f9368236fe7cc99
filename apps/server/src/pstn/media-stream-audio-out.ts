import type { TextToSpeech } from '../adapters/tts/tts.js';
import type { CallAudio, RuntimeLogger, SpokenPrompt } from '../call/ports.js';
import { phoneChunks, toPhoneAudio } from './media-stream-codec.js';
import { outboundClear, outboundMark, outboundMedia } from './media-stream-messages.js';

/** Prompts are few and repeat on every call (announcement, greeting): keep their phone audio. */
export class PhonePromptCache {
  readonly #entries = new Map<string, Promise<Uint8Array>>();
  constructor(
    readonly tts: TextToSpeech,
    readonly maxEntries = 128,
  ) {}

  get(text: string): Promise<Uint8Array> {
    let hit = this.#entries.get(text);
    if (hit) {
      this.#entries.delete(text); // most recent last
      this.#entries.set(text, hit);
      return hit;
    }
    hit = this.tts.synthesize(text).then(toPhoneAudio);
    hit.catch(() => this.#entries.delete(text));
    this.#entries.set(text, hit);
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    return hit;
  }
}

interface Pending {
  prompt: SpokenPrompt;
  mark: string;
  done(): void;
}

/**
 * The runtime's CallAudio on a media stream: each prompt goes out as 20 ms μ-law `media`
 * messages followed by one `mark`; Twilio plays them in order and echoes the mark when the
 * audio before it has played, which is when `speak` resolves (→ `prompt.finished`, e.g. the
 * start of the consent answer window). `stopSpeaking` sends `clear`: Twilio drops its buffer
 * and echoes every pending mark, which are then "cleared, not played" and ignored (§1.3).
 */
export class MediaStreamAudioOut implements CallAudio {
  readonly #send: (text: string) => void;
  readonly #streamSid: string;
  readonly #prompts: PhonePromptCache | undefined;
  readonly #logger: RuntimeLogger;
  readonly #pending: Pending[] = [];
  /** Prompts go out in the order they were spoken, though synthesis is async. */
  #chain: Promise<void> = Promise.resolve();
  #marks = 0;
  #drained: (() => void)[] = [];
  #gone = false;

  constructor(options: { send: (text: string) => void; streamSid: string; prompts?: PhonePromptCache; logger: RuntimeLogger }) {
    this.#send = options.send;
    this.#streamSid = options.streamSid;
    this.#prompts = options.prompts;
    this.#logger = options.logger;
  }

  get speaking(): boolean {
    return this.#pending.length > 0;
  }

  /** The prompt now playing, if the caller may talk over it (never the consent announcement). */
  get interruptible(): boolean {
    return this.#pending[0]?.prompt.interruptible ?? false;
  }

  speak(prompt: SpokenPrompt): Promise<void> {
    const mark = `${prompt.promptId}#${++this.#marks}`;
    const audio = this.#prompts?.get(prompt.text).catch((error: unknown) => {
      // No speech for it: the caller hears nothing, but the call goes on (the mark still returns).
      this.#logger.warn({ promptId: prompt.promptId, err: String(error) }, 'prompt synthesis failed');
      return undefined;
    });
    return new Promise<void>((resolve) => {
      const entry: Pending = { prompt, mark, done: resolve };
      this.#chain = this.#chain.then(async () => {
        const bytes = await audio;
        if (this.#gone) return resolve();
        this.#pending.push(entry);
        if (bytes) for (const chunk of phoneChunks(bytes)) this.#send(outboundMedia(this.#streamSid, chunk));
        this.#send(outboundMark(this.#streamSid, mark));
      });
    });
  }

  /** Twilio echoed a mark: that prompt, and any queued before it, played to the end. */
  marked(name: string): void {
    const at = this.#pending.findIndex((p) => p.mark === name);
    if (at < 0) return; // cleared earlier, or not ours
    for (const p of this.#pending.splice(0, at + 1)) p.done();
    this.#settle();
  }

  stopSpeaking(): void {
    if (this.#pending.length === 0) return;
    this.#send(outboundClear(this.#streamSid));
    for (const p of this.#pending.splice(0)) p.done();
    this.#settle();
  }

  /** Resolves once every prompt spoken so far has played (or was cleared). */
  async drained(): Promise<void> {
    await this.#chain;
    if (this.#pending.length === 0) return;
    await new Promise<void>((resolve) => this.#drained.push(resolve));
  }

  /** The stream is gone: nothing will be echoed any more. */
  abandon(): void {
    this.#gone = true;
    for (const p of this.#pending.splice(0)) p.done();
    this.#settle();
  }

  play(): void {
    // Hold music on the phone is the carrier's job (<Play> after the stream); nothing streams it here.
  }

  #settle(): void {
    if (this.#pending.length === 0) for (const f of this.#drained.splice(0)) f();
  }
}
