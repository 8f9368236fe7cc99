import { consentLexicon } from '@switchboard/ivr';
import type { Flow } from '@switchboard/protocol';

/**
 * A JSGF grammar for pocketsphinx built from the active flow (shared/FACTS.md: ~80% WER with
 * the default language model, far better constrained to the flow's vocabulary). It accepts the
 * flow's example sentences and consent answers whole, and any sequence of the words that occur
 * in the flow's frequent example words, intent names, digits and a small set of function words, so that a caller's
 * own phrasing still decodes. Words missing from the pronunciation dictionary are dropped.
 */
const DIGITS = ['zero', 'oh', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'hundred', 'thousand'];
const COMMON = (
  'a an the i me my mine you your we our it its is are was be been am do does did have has had can could would ' +
  'will want need like to of for with on in at about from and or but not no yes please thanks thank hi hello ' +
  'this that there here what why how when where who just some any again still get got help talk speak'
).split(' ');

export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

export function flowPhrases(flow: Flow): string[] {
  // The consent answers the engine understands in the flow's language (issue 13's lexicon), so
  // the recogniser can hear "that's fine" at the consent question, not only the intents' words.
  const lexicon = consentLexicon(flow.language);
  return [
    ...flow.intents.flatMap((i) => i.examples),
    ...flow.consent.answers.yes,
    ...flow.consent.answers.no,
    ...lexicon.strongYes,
    ...lexicon.yes,
    ...lexicon.no,
  ];
}

/**
 * Words the loop accepts: function words, digits, intent names, and the words that occur in at
 * least `minOccurrences` of the flow's phrases. A loop over every word of a large flow made
 * pocketsphinx both slower (2.5–9 s an utterance) and less accurate (measured on espeak-ng speech).
 */
export function flowVocabulary(flow: Flow, minOccurrences = 2): Set<string> {
  const counts = new Map<string, number>();
  for (const phrase of flowPhrases(flow)) for (const w of new Set(normaliseWords(phrase))) counts.set(w, (counts.get(w) ?? 0) + 1);
  const frequent = [...counts].filter(([, n]) => n >= minOccurrences).map(([w]) => w);
  return new Set([...frequent, ...flow.intents.flatMap((i) => normaliseWords(i.name)), ...DIGITS, ...COMMON]);
}

export function buildJsgfGrammar(flow: Flow, dictionary?: ReadonlySet<string>, minOccurrences = 2): string {
  const known = (w: string) => !/^[0-9]+$/.test(w) && (!dictionary || dictionary.has(w));
  const words = [...flowVocabulary(flow, minOccurrences)].filter(known).sort();
  const phrases = [
    ...new Set(
      flowPhrases(flow)
        .map((p) => normaliseWords(p))
        .filter((ws) => ws.length > 0 && ws.every(known))
        .map((ws) => ws.join(' ')),
    ),
  ];
  if (words.length === 0) throw new Error('the flow has no words the recogniser knows');
  // pocketsphinx's JSGF lexer takes apostrophes inside tokens; quoting would make the quotes part of the word.
  const quote = (w: string) => w;
  return [
    '#JSGF V1.0;',
    `grammar ${flow.id.replace(/[^A-Za-z0-9_]/g, '_')};`,
    `<word> = ${words.map(quote).join(' | ')};`,
    `<phrase> = ${phrases.length ? phrases.map((p) => `( ${p.split(' ').map(quote).join(' ')} )`).join(' | ') : '<VOID>'};`,
    'public <utterance> = <phrase> | <word>+;',
    '',
  ].join('\n');
}
