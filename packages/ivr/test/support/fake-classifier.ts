import type { Classification } from '@switchboard/protocol';
import { type Classifier, ClassifierError } from '../../src/classifier/classifier.js';

/** What the fake does on each call, in order; the last entry repeats. */
export type FakeStep = { answer: Classification } | { error: ClassifierError } | { raw: unknown };

/** A scripted classifier for unit tests of code that takes the Classifier port. */
export class FakeClassifier implements Classifier {
  readonly calls: string[] = [];
  constructor(
    readonly name: string,
    private readonly steps: FakeStep[],
  ) {}

  async classify(text: string): Promise<Classification> {
    this.calls.push(text);
    const step = this.steps[Math.min(this.calls.length - 1, this.steps.length - 1)];
    if (!step) throw new ClassifierError('fake has no script', { code: 'config', retryable: false });
    if ('error' in step) throw step.error;
    if ('raw' in step) return step.raw as Classification;
    return step.answer;
  }
}
