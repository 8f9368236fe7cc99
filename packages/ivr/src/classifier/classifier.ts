import type { Classification } from '@switchboard/protocol';

/**
 * The intent-classifier port (livekit/agents-js shape: a small interface, a fake beside it,
 * fallbacks as a wrapper). Implementations: the embedded model trained from the flow, an
 * OpenAI-compatible LLM (apps/server/src/adapters/llm), and `createFallbackClassifier`.
 */
export interface Classifier {
  readonly name: string;
  classify(text: string): Promise<Classification>;
}

/** Why a classifier could not answer. `invalid-output` means it answered something unusable. */
export type ClassifierErrorCode = 'timeout' | 'connection' | 'http' | 'invalid-output' | 'config' | 'all-failed';

/** Errors from I/O carry a code and whether trying again (or another classifier) may help. */
export class ClassifierError extends Error {
  readonly code: ClassifierErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;

  constructor(message: string, opts: { code: ClassifierErrorCode; retryable: boolean; status?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ClassifierError';
    this.code = opts.code;
    this.retryable = opts.retryable;
    this.status = opts.status;
  }
}

export function isClassifierError(error: unknown): error is ClassifierError {
  return error instanceof ClassifierError;
}
