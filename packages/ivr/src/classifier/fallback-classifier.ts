import { type Classification, ClassificationSchema } from '@switchboard/protocol';
import { type Classifier, ClassifierError, isClassifierError } from './classifier.js';

export interface FallbackAttempt {
  classifier: string;
  error: ClassifierError;
}

export interface FallbackClassifierOptions {
  /** Told about every classifier that was skipped, e.g. to log or count it. */
  onFallback?: (attempt: FallbackAttempt) => void;
}

/**
 * Tries each classifier in order (livekit/agents-js FallbackAdapter shape) and moves to the
 * next on a retryable error or an invalid answer. A non-retryable error (bad key, bad model)
 * is a configuration fault and is thrown as is. When every classifier failed it throws
 * `all-failed`: there is never a silent made-up "general 0.5" answer.
 */
export function createFallbackClassifier(
  classifiers: readonly [Classifier, ...Classifier[]],
  opts: FallbackClassifierOptions = {},
): Classifier {
  const name = `fallback(${classifiers.map((c) => c.name).join(',')})`;
  return {
    name,
    async classify(text: string): Promise<Classification> {
      const errors: FallbackAttempt[] = [];
      for (const classifier of classifiers) {
        let error: ClassifierError;
        try {
          const answer = ClassificationSchema.safeParse(await classifier.classify(text));
          if (answer.success) return answer.data;
          error = new ClassifierError(`${classifier.name} returned an invalid classification`, {
            code: 'invalid-output',
            retryable: true,
            cause: answer.error,
          });
        } catch (caught) {
          if (!isClassifierError(caught)) throw caught;
          if (!caught.retryable && caught.code !== 'invalid-output') throw caught;
          error = caught;
        }
        errors.push({ classifier: classifier.name, error });
        opts.onFallback?.({ classifier: classifier.name, error });
      }
      const summary = errors.map((e) => `${e.classifier}: ${e.error.code} (${e.error.message})`).join('; ');
      throw new ClassifierError(`every classifier failed: ${summary}`, {
        code: 'all-failed',
        retryable: true,
        cause: errors.map((e) => e.error),
      });
    },
  };
}
