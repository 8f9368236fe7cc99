import type { Classification, Flow } from '@switchboard/protocol';
import type { Classifier } from './classifier.js';
import { detectSentiment } from './detect-sentiment.js';
import { dateOrderOf } from './entities/extract-dates.js';
import { extractEntities } from './entities/extract-entities.js';
import { maskCardNumbers } from './entities/mask-card-numbers.js';
import { DEFAULT_TRAIN_OPTIONS, SoftmaxRegression, type TrainingSample, type TrainOptions } from './softmax-regression.js';
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions, featurize, inverseDocumentFrequency, vocabularyOf } from './text-features.js';
import { TypoCorrector } from './typo-corrector.js';

export interface EmbeddedClassifierOptions {
  /** The clock that resolves "yesterday"; injected (packages never read the wall clock). Default: the Unix epoch. */
  now?: () => Date;
  /** Product names for the `product` entity. */
  products?: readonly string[];
  /** The caller's BCP 47 locale, for all-numeric dates (03/12/2026). Default: the flow's language (Intl reads "en" as en-US). */
  locale?: string;
  train?: Partial<TrainOptions>;
  features?: Partial<FeatureOptions>;
  /** Weigh words by inverse document frequency (default false: it did not help in cross-validation). */
  idf?: boolean;
  /**
   * Calibration: softmax temperature (below 1 sharpens) and how strongly unknown words pull
   * confidence down (confidence = p^(1/T) … × coverage^coveragePower). The temperature is the
   * one with the lowest log loss in 5-fold cross-validation on both flows' examples at this
   * coverage power (bench/cross-validate.ts --calibrate; T 0.6: 0.234 / 0.214). With the power
   * free, CV prefers 0 (T 0.7: 0.215 / 0.175), but held-out examples are in the flow's domain:
   * CV cannot see that "the purple elephant sings" would then be technical at 0.83 instead of 0.59.
   */
  temperature?: number;
  coveragePower?: number;
  /** Utterances longer than this are not one caller turn: fallback intent, low confidence. */
  maxChars?: number;
}

/** Who decided the intent: the sentiment/person rules, the model, or nothing usable in the input. */
export type DecidedBy = 'rule' | 'model' | 'no-signal';

export interface EmbeddedClassifier extends Classifier {
  classifySync(text: string): Classification;
  /** The same answer, plus who decided it (the bench reports rule- and model-decided accuracy apart). */
  explain(text: string): { classification: Classification; decidedBy: DecidedBy };
}

/** A description phrase counts for less than a real example utterance. */
const DESCRIPTION_WEIGHT = 0.5;
/** Confidence given to a rule-detected request for a person or anger at the service. */
const RULE_CONFIDENCE = 0.9;
const DEFAULT_TEMPERATURE = 0.6;
const DEFAULT_COVERAGE_POWER = 0.25;
/** Probability the model alone needs to escalate when no rule saw a person request or anger. */
const ESCALATION_WITHOUT_CUE = 0.75;
/** Confidence of the fallback answer for empty, garbage or oversized input. */
const NO_SIGNAL_CONFIDENCE = 0.05;

/**
 * The embedded classifier: trained at construction from the flow's intent examples and
 * description phrases, no network. Intent comes from a softmax regression over word, bigram
 * and char n-gram features (typo-corrected); anger at the service or a request for a person
 * overrides it with the flow's escalation intent; confidence shrinks when few of the words
 * are known to the model, so a guess stays below the flow's clarify threshold.
 */
export function createEmbeddedClassifier(flow: Flow, opts: EmbeddedClassifierOptions = {}): EmbeddedClassifier {
  const intents = flow.intents.map((i) => i.name);
  const escalation = intents.indexOf(flow.escalationIntent);
  const fallback = flow.fallbackIntent;
  const now = opts.now ?? (() => new Date(0));
  const maxChars = opts.maxChars ?? 1000;
  const locale = opts.locale ?? flow.language;
  dateOrderOf(locale); // a bad locale fails here, at construction, not on a caller's turn
  const temperature = opts.temperature ?? DEFAULT_TEMPERATURE;
  const coveragePower = opts.coveragePower ?? DEFAULT_COVERAGE_POWER;

  const featureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...opts.features };
  const corpus = flow.intents.flatMap((intent) => [...intent.examples, ...descriptionPhrases(intent.description)]);
  const corrector = new TypoCorrector(vocabularyOf(corpus));
  const texts = flow.intents.flatMap((intent, label) => [
    ...intent.examples.map((text) => ({ text: withoutPreamble(text), label, weight: 1 })),
    ...descriptionPhrases(intent.description).map((text) => ({ text, label, weight: DESCRIPTION_WEIGHT })),
  ]);
  // Words in many utterances ("please", "my", "to") say little about the intent: weigh by IDF.
  const weigh =
    opts.idf !== true ? undefined : inverseDocumentFrequency(texts.map((t) => featurize(t.text, corrector, featureOptions).features));
  const samples: TrainingSample[] = texts.map((t) => ({
    features: featurize(t.text, corrector, featureOptions, weigh).features,
    label: t.label,
    weight: t.weight,
  }));
  const model = new SoftmaxRegression(intents.length);
  model.train(samples, { ...DEFAULT_TRAIN_OPTIONS, ...opts.train });

  const noSignal = (): Classification => ({ intent: fallback, confidence: NO_SIGNAL_CONFIDENCE, sentiment: 'neutral', entities: {} });

  function explain(input: string): { classification: Classification; decidedBy: DecidedBy } {
    if (typeof input !== 'string' || input.length > maxChars || !looksLikeSpeech(input))
      return { classification: noSignal(), decidedBy: 'no-signal' };
    const text = maskCardNumbers(input);
    const { features, contentWords, knownContentWords } = featurize(withoutPreamble(text), corrector, featureOptions, weigh);
    if (features.size === 0) return { classification: noSignal(), decidedBy: 'no-signal' };
    // Decisions use the model's own probabilities; the tempered ones are only the reported confidence.
    const probs = model.predict(features);
    const calibrated = model.predict(features, temperature);
    const reading = detectSentiment(text);
    const ruled = reading.wantsPerson || reading.sentiment === 'frustrated';
    // The escalation class is defined by what the rules read (a request for a person, anger
    // at the service); without either, the model needs a confident vote to escalate, else
    // "someone walk me through your plans" would be sent to a human for the word "someone".
    const excluded = !ruled && escalation >= 0 && (probs[escalation] ?? 0) < ESCALATION_WITHOUT_CUE ? escalation : -1;
    let best = excluded === 0 ? 1 : 0;
    for (let k = 0; k < probs.length; k++) if (k !== excluded && (probs[k] ?? 0) > (probs[best] ?? 0)) best = k;
    // Shrink toward "don't know" by the share of content words the model has never seen.
    const coverage = (contentWords === 0 ? 0.75 : (knownContentWords + 1) / (contentWords + 1)) ** coveragePower;
    let intent = intents[best] ?? fallback;
    let confidence = (calibrated[best] ?? 0) * coverage;
    if (escalation >= 0 && ruled) {
      intent = flow.escalationIntent;
      confidence = Math.max(RULE_CONFIDENCE, (calibrated[escalation] ?? 0) * coverage);
    }
    const classification: Classification = {
      intent,
      confidence: round(confidence),
      sentiment: reading.sentiment,
      entities: extractEntities(text, { now: now(), locale, ...(opts.products ? { products: opts.products } : {}) }),
    };
    return { classification, decidedBy: escalation >= 0 && ruled ? 'rule' : 'model' };
  }

  const classifySync = (text: string): Classification => explain(text).classification;

  return {
    name: 'embedded',
    classifySync,
    explain,
    classify: async (text) => classifySync(text),
  };
}

/** "Charges, invoices, payments and refunds" → ["Charges", "invoices", "payments", "refunds"]: keyword cues. */
export function descriptionPhrases(description: string): string[] {
  return description
    .split(/,|;|\band\b|\bor\b/)
    .map((p) => p.trim())
    .filter((p) => /[a-z]/i.test(p));
}

// Greetings, fillers and apologies in front of a request ("hi, sorry to bother you, um so …")
// say nothing about where it goes but pull short requests toward the small-talk intent.
const PREAMBLE =
  /^(\s*(hi|hello|hey|hiya|yeah|yes|um+|uh+|er+|erm|so|ok|okay|right|well|there|good (morning|afternoon|evening)|sorry to (bother|trouble) you|sorry|excuse me)\b[\s,.!-]*)+/i;

/** The request without its preamble, when enough is left to route on (a bare "hello" stays). */
export function withoutPreamble(text: string): string {
  const rest = text.replace(PREAMBLE, '');
  return rest.split(/\s+/).filter(Boolean).length >= 3 ? rest : text;
}

/** Mostly letters, no control characters: binary garbage and line noise are not speech. */
function looksLikeSpeech(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting binary input is the point
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return false;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters > 0 && letters / text.replace(/\s/g, '').length >= 0.5;
}

function round(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
