import { stem, tokenize } from './normalize-text.js';
import { semanticClasses } from './semantic-classes.js';
import type { TypoCorrector } from './typo-corrector.js';

/** Words that carry no routing signal on their own; used for coverage, not dropped from features. */
export const STOPWORDS = new Set(
  'a an the i me my mine we our you your it its this that these those is am are was were be been being do does did have has had will would can could should shall may might must to of in on at for from with by about as and or but if so not no yes hi hello hey please thanks thank there here what when where why how who which just so um uh er like yeah ok okay well really very some any one get got want wanted need needed would like'.split(
    ' ',
  ),
);

export type FeatureVector = Map<string, number>;

export interface Featurized {
  features: FeatureVector;
  /** Content words (not stopwords) in the utterance. */
  contentWords: number;
  /** Content words the model has seen in training (after typo correction). */
  knownContentWords: number;
}

/**
 * Bag of features: stemmed words (typo-corrected against the training vocabulary), stemmed
 * word bigrams, character 3/4-grams of each word (for typos and word forms the corrector
 * missed), and the semantic classes of the words (money, breakage, purchase …). Each group is L2-normalised and weighted, so long utterances don't dominate.
 */
export interface FeatureOptions {
  bigramWeight: number;
  charWeight: number;
  /** Character n-gram sizes. */
  charSizes: readonly number[];
  /** Weight of the semantic-class features (semantic-classes.ts); 0 leaves them out. */
  classWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { bigramWeight: 0.6, charWeight: 0.6, charSizes: [3, 4], classWeight: 0.5 };

/** `weigh` scales word and bigram features before normalisation (e.g. inverse document frequency). */
export function featurize(
  text: string,
  corrector?: TypoCorrector,
  opts: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  weigh?: (key: string) => number,
): Featurized {
  const raw = tokenize(text);
  const words = corrector ? raw.map((w) => corrector.correct(w)) : raw;
  const stems = words.map(stem);
  const features: FeatureVector = new Map();
  const add = (group: Map<string, number>, key: string) => group.set(key, (group.get(key) ?? 0) + 1);

  const unigrams = new Map<string, number>();
  const bigrams = new Map<string, number>();
  const grams = new Map<string, number>();
  stems.forEach((s, i) => {
    add(unigrams, `w:${/^\d+$/.test(s) ? '#num' : s}`);
    if (i > 0) add(bigrams, `b:${stems[i - 1]}_${s}`);
  });
  for (const word of raw) {
    if (/\d/.test(word)) continue;
    const padded = ` ${word} `;
    for (const n of opts.charSizes) for (let i = 0; i + n <= padded.length; i++) add(grams, `c:${padded.slice(i, i + n)}`);
  }
  const classes = new Map<string, number>();
  if (opts.classWeight > 0) for (const name of semanticClasses(stems)) add(classes, `k:${name}`);
  if (weigh) for (const group of [unigrams, bigrams]) for (const [k, v] of group) group.set(k, v * weigh(k));
  mergeNormalized(features, unigrams, 1);
  mergeNormalized(features, bigrams, opts.bigramWeight);
  mergeNormalized(features, grams, opts.charWeight);
  mergeNormalized(features, classes, opts.classWeight);

  let contentWords = 0;
  let knownContentWords = 0;
  words.forEach((w) => {
    if (STOPWORDS.has(w) || /^\d+$/.test(w)) return;
    contentWords++;
    if (corrector?.has(w)) knownContentWords++;
  });
  return { features, contentWords, knownContentWords };
}

function mergeNormalized(into: FeatureVector, group: Map<string, number>, weight: number): void {
  let norm = 0;
  for (const v of group.values()) norm += v * v;
  if (norm === 0) return;
  const scale = weight / Math.sqrt(norm);
  for (const [k, v] of group) into.set(k, v * scale);
}

/** Smoothed inverse document frequency of word and bigram features over training texts. */
export function inverseDocumentFrequency(featureSets: readonly FeatureVector[]): (key: string) => number {
  const df = new Map<string, number>();
  for (const set of featureSets) for (const key of set.keys()) if (!key.startsWith('c:')) df.set(key, (df.get(key) ?? 0) + 1);
  const n = featureSets.length;
  const unseen = Math.log((n + 1) / 1) + 1;
  return (key) => {
    const d = df.get(key);
    return d === undefined ? unseen : Math.log((n + 1) / (d + 1)) + 1;
  };
}

/** Word counts of a corpus (for the typo corrector's vocabulary). */
export function vocabularyOf(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const w of tokenize(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}
