/**
 * Held-out consent answers and objections (issue 13). Written before the classifier and its
 * lexicons, and NEVER tuned on: no word of the lexicons may be taken from here, and this file
 * is not edited after a measurement (FACTS.md "Intent classification"). The figure it gives is
 * printed by `npx vitest run packages/ivr/src/engine/consent-heldout.test.ts`.
 */
export interface HeldOutAnswer {
  lang: 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl';
  text: string;
  expected: 'yes' | 'no' | 'unclear';
}

export const HELD_OUT_ANSWERS: readonly HeldOutAnswer[] = [
  { lang: 'en', text: 'Yep, no problem at all.', expected: 'yes' },
  { lang: 'en', text: "Yeah that's alright with me", expected: 'yes' },
  { lang: 'en', text: 'Sure thing', expected: 'yes' },
  { lang: 'en', text: 'Of course, go on', expected: 'yes' },
  { lang: 'en', text: "Absolutely, that's fine by me", expected: 'yes' },
  { lang: 'en', text: 'yes you may', expected: 'yes' },
  { lang: 'en', text: "No, I'd rather you didn't", expected: 'no' },
  { lang: 'en', text: 'Nah', expected: 'no' },
  { lang: 'en', text: "I'd prefer not to be recorded", expected: 'no' },
  { lang: 'en', text: 'Definitely not', expected: 'no' },
  { lang: 'en', text: "I don't consent to that", expected: 'no' },
  { lang: 'en', text: 'Please do not record this', expected: 'no' },
  { lang: 'en', text: 'Hmm, maybe?', expected: 'unclear' },
  { lang: 'en', text: "I don't really know", expected: 'unclear' },
  { lang: 'en', text: 'I suppose so', expected: 'unclear' },
  { lang: 'en', text: 'Why do you need to record it?', expected: 'unclear' },
  { lang: 'en', text: 'Who is going to listen to it?', expected: 'unclear' },
  { lang: 'en', text: 'I want to check my order status', expected: 'unclear' },
  { lang: 'en', text: 'Can I just talk to someone about my bill', expected: 'unclear' },
  { lang: 'en', text: 'I think so, probably', expected: 'unclear' },
  { lang: 'en', text: 'Sorry, what?', expected: 'unclear' },
  { lang: 'en', text: 'Okay I guess', expected: 'unclear' },
  { lang: 'en', text: 'fine question charge', expected: 'unclear' },
  { lang: 'de', text: 'Ja, gerne', expected: 'yes' },
  { lang: 'de', text: 'Ja, das ist in Ordnung', expected: 'yes' },
  { lang: 'de', text: 'Nein danke', expected: 'no' },
  { lang: 'de', text: 'Lieber nicht', expected: 'no' },
  { lang: 'de', text: 'Ich weiß nicht so recht', expected: 'unclear' },
  { lang: 'de', text: 'Wozu brauchen Sie das?', expected: 'unclear' },
  { lang: 'de', text: 'Vielleicht', expected: 'unclear' },
  { lang: 'fr', text: "Oui, d'accord", expected: 'yes' },
  { lang: 'fr', text: 'Non merci', expected: 'no' },
  { lang: 'fr', text: 'Je ne suis pas sûr', expected: 'unclear' },
  { lang: 'fr', text: "Pourquoi voulez-vous l'enregistrer ?", expected: 'unclear' },
  { lang: 'fr', text: 'Peut-être', expected: 'unclear' },
  { lang: 'es', text: 'Sí, claro', expected: 'yes' },
  { lang: 'es', text: 'Sí, está bien', expected: 'yes' },
  { lang: 'es', text: 'No, gracias', expected: 'no' },
  { lang: 'es', text: 'No estoy seguro', expected: 'unclear' },
  { lang: 'es', text: 'Quizás', expected: 'unclear' },
  { lang: 'es', text: '¿Para qué es la grabación?', expected: 'unclear' },
  { lang: 'it', text: 'Sì, va bene', expected: 'yes' },
  { lang: 'it', text: 'No grazie', expected: 'no' },
  { lang: 'it', text: 'Non lo so', expected: 'unclear' },
  { lang: 'it', text: 'Forse', expected: 'unclear' },
  { lang: 'nl', text: 'Ja hoor, prima', expected: 'yes' },
  { lang: 'nl', text: 'Nee, liever niet', expected: 'no' },
  { lang: 'nl', text: 'Ik weet het niet', expected: 'unclear' },
  { lang: 'nl', text: 'Misschien', expected: 'unclear' },
];

/** Mid-call sentences: `objection` true when the caller objects to being recorded. */
export const HELD_OUT_OBJECTIONS: readonly { lang: HeldOutAnswer['lang']; text: string; objection: boolean }[] = [
  { lang: 'en', text: 'Wait, is this being recorded? I really do not want that', objection: true },
  { lang: 'en', text: 'Could you turn the recording off please', objection: true },
  { lang: 'en', text: 'I never agreed to be recorded', objection: true },
  { lang: 'en', text: "Please don't tape this conversation", objection: true },
  { lang: 'en', text: 'Stop the recording now', objection: true },
  { lang: 'en', text: 'I want to cancel my subscription', objection: false },
  { lang: 'en', text: 'The video I recorded will not upload', objection: false },
  { lang: 'en', text: 'I need to stop my payments', objection: false },
  { lang: 'en', text: 'No, my bill is wrong', objection: false },
  { lang: 'de', text: 'Bitte zeichnen Sie das nicht auf', objection: true },
  { lang: 'de', text: 'Ich möchte nicht aufgenommen werden', objection: true },
  { lang: 'de', text: 'Ich möchte meine Rechnung nicht bezahlen', objection: false },
  { lang: 'fr', text: "Arrêtez d'enregistrer s'il vous plaît", objection: true },
  { lang: 'fr', text: 'Je ne veux pas être enregistré', objection: true },
  { lang: 'es', text: 'No quiero que me graben', objection: true },
  { lang: 'es', text: 'Deje de grabar por favor', objection: true },
  { lang: 'it', text: 'Non voglio essere registrato', objection: true },
  { lang: 'nl', text: 'Ik wil niet opgenomen worden', objection: true },
  { lang: 'nl', text: 'Stop met opnemen alstublieft', objection: true },
];
