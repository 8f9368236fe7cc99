import { describe, expect, it } from 'vitest';
import { isObjection, readConsentAnswer } from './consent-answer.js';

/** Phrases written from how people answer; the held-out set (eval/) is never tuned on. */
const cases: [string, string, 'yes' | 'no' | 'unclear'][] = [
  ['en', 'yes', 'yes'],
  ['en', "Yeah, that's fine", 'yes'],
  ['en', 'sure, go ahead', 'yes'],
  ['en', 'ok', 'yes'],
  ['en', 'I agree', 'yes'],
  ['de', "ja, yes that's fine", 'yes'],
  ['en', 'no', 'no'],
  ['en', "no, don't record me", 'no'],
  ['en', 'not okay', 'no'],
  ['en', "I don't agree", 'no'],
  ['en', "I don't think so", 'no'],
  ['en', 'maybe not', 'no'],
  ['en', "I'm not sure", 'unclear'],
  ['en', 'not sure', 'unclear'],
  ['en', 'I guess so?', 'unclear'],
  ['en', 'I guess', 'unclear'],
  ['en', 'yeah I suppose', 'unclear'],
  ['en', 'what is this about', 'unclear'],
  ['en', 'okay?', 'unclear'],
  ['en', 'yes no', 'unclear'],
  ['en', 'I have a question about a charge', 'unclear'],
  ['en', 'fine question charge', 'unclear'],
  ['en', "I can't hear you", 'unclear'],
  ['en', '', 'unclear'],
  ['de', 'ja', 'yes'],
  ['de', 'ja, gern', 'yes'],
  ['de', 'einverstanden', 'yes'],
  ['de', 'nein', 'no'],
  ['de', 'nicht einverstanden', 'no'],
  ['de', 'weiß nicht', 'unclear'],
  ['de', 'ich glaube schon', 'unclear'],
  ['fr', 'oui', 'yes'],
  ['fr', 'non', 'no'],
  ['fr', 'je sais pas', 'unclear'],
  ['es', 'sí', 'yes'],
  ['es', 'vale', 'yes'],
  ['es', 'no', 'no'],
  ['es', 'no sé', 'unclear'],
  ['it', 'sì', 'yes'],
  ['it', 'certo', 'yes'],
  ['it', 'no', 'no'],
  ['it', 'non so', 'unclear'],
  ['nl', 'ja', 'yes'],
  ['nl', 'akkoord', 'yes'],
  ['nl', 'nee', 'no'],
  ['nl', 'weet niet', 'unclear'],
];

describe('readConsentAnswer', () => {
  it.each(cases)('%s "%s" → %s', (lang, text, expected) => {
    expect(readConsentAnswer(text, lang).answer).toBe(expected);
  });

  it('a strong yes followed by a request grants and keeps the request; a weak yes with a request does not grant', () => {
    expect(readConsentAnswer("yes, it's about my invoice", 'en')).toMatchObject({ answer: 'yes', request: true });
    expect(readConsentAnswer('fine, my invoice is wrong', 'en')).toMatchObject({ answer: 'unclear', request: true });
    expect(readConsentAnswer('I was charged twice', 'en')).toMatchObject({ answer: 'unclear', request: true, reason: 'request' });
    expect(readConsentAnswer('yes', 'en').request).toBe(false);
  });

  it('"ja" is not an answer in English, and "yes" is one everywhere a flow adds it', () => {
    expect(readConsentAnswer('ja', 'en').answer).toBe('unclear');
    expect(readConsentAnswer('ja', 'en', { yes: ['ja'] }).answer).toBe('yes');
  });
});

describe('isObjection', () => {
  const objections = [
    "hang on, I don't want this call recorded",
    'stop recording',
    'please stop the recording',
    "don't record this",
    'no recording please',
    'turn the recording off',
    'I do not want to be recorded',
    'nicht aufnehmen',
    'Ich will nicht aufgezeichnet werden',
    'Aufnahme stoppen bitte',
    "n'enregistrez pas",
    'arrêtez l’enregistrement',
    'no me grabe',
    'pare la grabación',
    'non registrare',
    'smetta di registrare',
    'niet opnemen',
    'stop de opname',
  ];
  it.each(objections)('"%s" objects', (text) => expect(isObjection(text)).toBe(true));

  const requests = [
    'I want to stop my subscription',
    "my invoice doesn't add up",
    'no, the other account',
    'I recorded a meeting in the app',
    'I need help',
  ];
  it.each(requests)('"%s" does not', (text) => expect(isObjection(text)).toBe(false));
});
