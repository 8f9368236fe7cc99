import { CONSENT_LEXICONS, type ConsentLanguage, type ConsentLexicon, consentLexicon } from './consent-lexicon.js';

export type ConsentAnswer = 'yes' | 'no' | 'unclear';

export interface ConsentReading {
  answer: ConsentAnswer;
  /** Words beyond the answer: the caller asked for something ("yes, it's about my bill"). */
  request: boolean;
  /** Why, for the evidence and for tests: "objection", "hedge", "question", "negated yes", … */
  reason: string;
}

/** Extra answer words a flow adds for its own language (flow.consent.answers). */
export interface ExtraAnswers {
  yes?: readonly string[];
  no?: readonly string[];
}

/** Lower-case words separated by single spaces; apostrophes kept ("don't"), other punctuation dropped. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

type Kind = 'strongYes' | 'yes' | 'no' | 'hedge' | 'neg' | 'filler' | 'content';

/** Phrases are matched longest first and each becomes one token of its kind. */
function tokenise(text: string, lex: ConsentLexicon, extra: ExtraAnswers): Kind[] {
  const phrases: [string, Kind][] = [
    ...lex.hedges.map((p): [string, Kind] => [p, 'hedge']),
    ...lex.strongYes.map((p): [string, Kind] => [p, 'strongYes']),
    ...[...lex.yes, ...(extra.yes ?? [])].map((p): [string, Kind] => [p, 'yes']),
    ...[...lex.no, ...(extra.no ?? [])].map((p): [string, Kind] => [p, 'no']),
    ...lex.negators.map((p): [string, Kind] => [p, 'neg']),
  ];
  const byLength = phrases.map(([p, k]): [string[], Kind] => [normalise(p).split(' '), k]).sort((a, b) => b[0].length - a[0].length);
  const words = normalise(text).split(' ').filter(Boolean);
  const fillers = new Set(lex.fillers.map(normalise));
  const kinds: Kind[] = [];
  for (let i = 0; i < words.length; ) {
    const hit = byLength.find(([p]) => p.every((w, j) => words[i + j] === w));
    if (hit) {
      kinds.push(hit[1]);
      i += hit[0].length;
    } else {
      kinds.push(fillers.has(words[i] ?? '') ? 'filler' : 'content');
      i += 1;
    }
  }
  return kinds;
}

function isQuestion(text: string, lex: ConsentLexicon): boolean {
  if (/[?¿]\s*$/.test(text.trim()) || text.includes('¿')) return true;
  const words = normalise(text).split(' ');
  return lex.questionStarts.some((q) => {
    const qw = normalise(q).split(' ');
    return qw.every((w, j) => words[j] === w);
  });
}

/**
 * Reads a spoken answer to "may we record this call?" from the whole answer, not a keyword
 * (issue 13). GDPR Art. 4(11) and 7(2): a grant must be an unambiguous indication, so
 * a hedge ("not sure", "I guess"), a question, a negated yes ("not okay"), a yes mixed with a
 * no, or a request with only a weak yes-word in it ("fine … question … charge") is unclear.
 * A refusal needs no such care: a false "no" only loses a recording.
 *
 *   readConsentAnswer("yes, it's about my invoice", 'en') → { answer: 'yes', request: true }
 *   readConsentAnswer('I guess so?', 'en')                 → { answer: 'unclear', reason: 'hedge' }
 *   readConsentAnswer('ja', 'de')                          → { answer: 'yes' }
 */
export function readConsentAnswer(text: string, language: string, extra: ExtraAnswers = {}): ConsentReading {
  const lex = consentLexicon(language);
  const kinds = tokenise(text, lex, extra);
  const has = (k: Kind) => kinds.includes(k);
  const request = has('content');
  const anyYes = has('yes') || has('strongYes');
  if (isObjection(text)) return { answer: 'no', request, reason: 'objection' };
  if (kinds.length === 0) return { answer: 'unclear', request, reason: 'empty' };
  // "not okay", "don't agree": a negator shortly before a yes-word turns it into a refusal.
  const negatedYes = kinds.some((k, i) => (k === 'yes' || k === 'strongYes') && kinds.slice(Math.max(0, i - 3), i).includes('neg'));
  if (negatedYes && !has('strongYes')) return { answer: 'no', request, reason: 'negated yes' };
  if (has('no')) return anyYes ? { answer: 'unclear', request, reason: 'yes and no' } : { answer: 'no', request, reason: 'no' };
  if (has('hedge')) {
    // "maybe not", "I guess not": a hedged refusal is still no recording.
    if (has('neg') && !anyYes) return { answer: 'no', request, reason: 'hedged no' };
    return { answer: 'unclear', request, reason: 'hedge' };
  }
  if (isQuestion(text, lex)) return { answer: 'unclear', request, reason: 'question' };
  if (has('neg')) {
    // "please don't": a bare negator is a refusal; "I can't hear you" is not an answer.
    return request || anyYes ? { answer: 'unclear', request, reason: 'negator' } : { answer: 'no', request, reason: 'negator' };
  }
  if (!anyYes) return { answer: 'unclear', request, reason: request ? 'request' : 'no answer' };
  if (!request) return { answer: 'yes', request, reason: 'yes' };
  // A request after the answer counts only when a strong yes leads ("yes — it's about my bill").
  const firstContent = kinds.indexOf('content');
  if (kinds.slice(0, firstContent).includes('strongYes')) return { answer: 'yes', request, reason: 'yes with request' };
  return { answer: 'unclear', request, reason: 'request with a weak yes' };
}

/** Elided French articles and pronouns ("l'enregistrement", "m'enregistrez"). */
function stripElision(word: string): string {
  return word.replace(/^(?:l|m|d|n|j|s|t|qu)'/, '');
}

/**
 * An objection to being recorded, in natural words, at any point of the call: a stop word or
 * negator shortly before a record word ("I don't want this recorded", "stop recording",
 * "nicht aufnehmen", "deje de grabar"), or, where the grammar puts it there, after it
 * ("recording off", "zeichnen Sie das nicht auf", "neem dit niet op"). Every shipped language
 * is checked whatever the caller's: people switch languages, and over-reading is the safe
 * side — a false objection only stops a recording, a missed one records someone who said no.
 */
export function isObjection(text: string): boolean {
  const words = normalise(text).split(' ').map(stripElision);
  return (Object.keys(CONSENT_LEXICONS) as ConsentLanguage[]).some((lang) => objectsIn(words, lang));
}

const BEFORE_WINDOW = 5;
/** English negates before the verb: after "recorded" only these object ("recording off"). */
const EN_AFTER = new Set(['off', 'stop', 'stopped', 'paused', 'deleted', 'end', 'ended']);
/** German and Dutch put the negator at the end ("zeichnen Sie das nicht auf"). */
const AFTER_WINDOW: Record<ConsentLanguage, number> = { en: 2, de: 4, nl: 4, fr: 2, es: 2, it: 2 };

function objectsIn(words: string[], lang: ConsentLanguage): boolean {
  const lex = CONSENT_LEXICONS[lang];
  const stops = lex.stopWords.map((w) => normalise(w).split(' '));
  const stopAt = (i: number) => stops.some((s) => s.every((w, j) => words[i + j] === w));
  const after = (i: number) => (lang === 'en' ? EN_AFTER.has(words[i] ?? '') : stopAt(i));
  const records = new Set(lex.recordWords.map(normalise));
  return words.some((w, i) => {
    if (!records.has(w)) return false;
    for (let j = Math.max(0, i - BEFORE_WINDOW); j < i; j++) if (stopAt(j)) return true;
    for (let j = i + 1; j <= Math.min(words.length - 1, i + AFTER_WINDOW[lang]); j++) if (after(j)) return true;
    return false;
  });
}
