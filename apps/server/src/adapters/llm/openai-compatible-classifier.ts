import { buildClassifyRequest, type Classifier, ClassifierError, parseClassifyAnswer } from '@switchboard/ivr';
import type { Classification, Flow } from '@switchboard/protocol';
import { z } from 'zod';

export interface OpenAiCompatibleClassifierOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:11434/v1 (a full …/chat/completions URL works too). */
  url: string;
  model: string;
  apiKey?: string;
  flow: Flow;
  /** Whole request budget; a caller is waiting on the line. */
  timeoutMs?: number;
  /** Resolves "yesterday" in the prompt; the app's clock. */
  now?: () => Date;
  fetch?: typeof fetch;
}

const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

export function chatCompletionsUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  return /\/chat\/completions$/.test(base) ? base : `${base}/chat/completions`;
}

/**
 * Intent classification by any OpenAI-compatible chat-completions endpoint (OpenAI, Groq,
 * Ollama, vLLM, llama.cpp server …) asking for the flow's JSON schema. Prompt building and
 * answer validation are pure and live in @switchboard/ivr; this file is only the HTTP.
 * Errors carry `code` and `retryable` so `createFallbackClassifier` knows when to move on.
 */
export function createOpenAiCompatibleClassifier(options: OpenAiCompatibleClassifierOptions): Classifier {
  const endpoint = chatCompletionsUrl(options.url);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 4_000;
  return {
    name: `llm:${options.model}`,
    async classify(text: string): Promise<Classification> {
      const body = { model: options.model, ...buildClassifyRequest(options.flow, text, options.now?.() ?? new Date()) };
      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw new ClassifierError(timedOut ? `no answer within ${timeoutMs} ms` : `request failed: ${String(error)}`, {
          code: timedOut ? 'timeout' : 'connection',
          retryable: true,
          cause: error,
        });
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        // 408/429/5xx may pass; a bad key, model or request will not get better by retrying.
        const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
        throw new ClassifierError(`endpoint answered HTTP ${response.status}`, {
          code: retryable ? 'http' : 'config',
          retryable,
          status: response.status,
        });
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw new ClassifierError(timedOut ? `answer not complete within ${timeoutMs} ms` : 'endpoint did not return JSON', {
          code: timedOut ? 'timeout' : 'invalid-output',
          retryable: true,
          cause: error,
        });
      }
      const completion = CompletionSchema.safeParse(json);
      const content = completion.success ? completion.data.choices[0]?.message.content : undefined;
      if (!content) throw new ClassifierError('endpoint returned no message content', { code: 'invalid-output', retryable: true });
      return parseClassifyAnswer(options.flow, content);
    },
  };
}
