import { SAMPLE_RATE, writeWav } from '@switchboard/audio';
import { z } from 'zod';
import { type SpeechToText, SttError } from './stt.js';

export interface OpenAiSttOptions {
  /** Base URL ending in /v1 (OpenAI, Groq, a whisper.cpp or faster-whisper server). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  language?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const ResponseSchema = z.object({ text: z.string() });

/** Any OpenAI-compatible `POST /v1/audio/transcriptions` (multipart: file, model). */
export function createOpenAiStt(options: OpenAiSttOptions): SpeechToText {
  const doFetch = options.fetch ?? fetch;
  const endpoint = `${options.baseUrl.replace(/\/+$/, '')}/audio/transcriptions`;
  return {
    name: 'openai',
    constrained: false,
    async transcribe(audio, signal) {
      const form = new FormData();
      form.set('file', new Blob([writeWav(audio, SAMPLE_RATE)], { type: 'audio/wav' }), 'utterance.wav');
      form.set('model', options.model);
      form.set('response_format', 'json');
      if (options.language) form.set('language', options.language);
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          body: form,
          headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        throw new SttError(timedOut ? 'stt-timeout' : 'stt-failed', `transcription request failed: ${String(error)}`, true);
      }
      if (!response.ok)
        throw new SttError(
          'stt-failed',
          `transcription endpoint answered ${response.status}`,
          response.status === 429 || response.status >= 500,
        );
      const parsed = ResponseSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new SttError('stt-bad-response', 'transcription endpoint returned no "text"', false);
      return { text: parsed.data.text.trim(), engine: 'openai' };
    },
  };
}
