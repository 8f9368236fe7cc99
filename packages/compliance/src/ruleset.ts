import { type Regime, RegimeSchema } from '@switchboard/protocol';
import { z } from 'zod';

/**
 * Recording rules as versioned data (issue 4: "Rules as versioned data"). Every decision made
 * from a ruleset records its `version` (Jurisdiction.rulesetVersion, ConsentEvidence), so an
 * auditor can tell which rules were in force. Change a rule → bump the version.
 *
 * Load a ruleset from JSON/YAML with `parseRuleset(unknown)` (zod at the edge); in code use
 * `defaultRuleset` or spread it: `{ ...defaultRuleset, version: 'acme-2', defaultRegime: 'one-party' }`.
 */

const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. "DE"');
const Days = z.number().int().positive();

export const RulesetSchema = z.strictObject({
  version: z.string().min(1),
  /** EU/EEA/UK and any configured country: silence is not consent (GDPR Recital 32). */
  explicitOptInCountries: z.array(CountryCode),
  /** US states requiring every party's consent (ISO 3166-2 suffix: "CA", "FL", …). */
  allPartyUsStates: z.array(z.string().regex(/^[A-Z]{2}$/)),
  /** Regime per country where it differs from the defaults above (e.g. { JP: 'one-party' }). */
  countryRegimes: z.record(z.string(), RegimeSchema),
  /** Any other country. */
  defaultRegime: RegimeSchema,
  /** Withheld, invalid or unknown numbers: the strictest regime. */
  unknownRegime: RegimeSchema,
  /** Regime for browser visitors (no number to go by): the site configures it. */
  webRegime: RegimeSchema,
  retention: z.strictObject({
    /** "elsewhere" */
    defaultDays: Days,
    /** By country ("DE") or subdivision ("US-CA"); the subdivision wins. */
    byJurisdiction: z.record(z.string(), Days),
    /** Origin unknown (withheld/invalid number, web visitor): the shortest we keep anywhere. */
    unknownDays: Days,
    /** Industry record-keeping duties; apply only when longer (keeping is then a legal duty). */
    byIndustry: z.record(z.string(), Days),
  }),
  consent: z.strictObject({
    answerTimeoutMs: z.number().int().positive(),
    objectionWindowMs: z.number().int().positive(),
  }),
  /**
   * Announcement text per regime and BCP 47 language ("en", "de", …). `{retentionDays}` is
   * filled from the caller's jurisdiction.
   */
  announcements: z.record(RegimeSchema, z.record(z.string(), z.string().min(1))),
  /** Consent language per country (ISO 3166-1 → BCP 47); others get the flow's language. */
  languageByCountry: z.record(CountryCode, z.string().min(2)).default({}),
});
export type Ruleset = z.infer<typeof RulesetSchema>;

export function parseRuleset(input: unknown): Ruleset {
  return RulesetSchema.parse(input);
}

/** EU member states, the other EEA states (IS, LI, NO) and the UK (UK GDPR). */
const EU_EEA_UK = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
  'GB',
];

const retentionByJurisdiction: Record<string, number> = Object.fromEntries(EU_EEA_UK.map((c) => [c, 30]));
retentionByJurisdiction['US-CA'] = 90;

export const defaultRuleset: Ruleset = {
  version: 'switchboard-2026.12-1',
  explicitOptInCountries: EU_EEA_UK,
  allPartyUsStates: ['CA', 'CT', 'DE', 'FL', 'IL', 'MD', 'MA', 'MI', 'MT', 'NV', 'NH', 'PA', 'WA'],
  countryRegimes: {},
  defaultRegime: 'explicit-opt-in',
  unknownRegime: 'explicit-opt-in',
  webRegime: 'explicit-opt-in',
  retention: {
    defaultDays: 365,
    byJurisdiction: retentionByJurisdiction,
    unknownDays: 30,
    byIndustry: { finance: 2555 },
  },
  consent: { answerTimeoutMs: 10_000, objectionWindowMs: 5_000 },
  // Issue 13: each states the purpose, how long the recording is kept ({retentionDays}, filled
  // from the caller's jurisdiction) and the right to have it deleted (GDPR Art. 13, 17).
  announcements: {
    'explicit-opt-in': {
      en: 'We would like to record this call for quality and training. The recording is kept for {retentionDays} days, and you can ask us to delete it at any time. Say yes or press 1 to allow recording, or say no or press 2 to continue without recording.',
      de: 'Wir möchten dieses Gespräch zur Qualitätssicherung und Schulung aufzeichnen. Die Aufzeichnung wird {retentionDays} Tage aufbewahrt, und Sie können jederzeit ihre Löschung verlangen. Sagen Sie ja oder drücken Sie die 1, um zuzustimmen, oder sagen Sie nein oder drücken Sie die 2, um ohne Aufzeichnung fortzufahren.',
      fr: "Nous souhaitons enregistrer cet appel à des fins de qualité et de formation. L'enregistrement est conservé {retentionDays} jours, et vous pouvez demander sa suppression à tout moment. Dites oui ou appuyez sur 1 pour accepter, ou dites non ou appuyez sur 2 pour continuer sans enregistrement.",
      es: 'Nos gustaría grabar esta llamada con fines de calidad y formación. La grabación se conserva {retentionDays} días y puede pedirnos que la borremos en cualquier momento. Diga sí o pulse 1 para aceptar, o diga no o pulse 2 para continuar sin grabación.',
      it: 'Vorremmo registrare questa chiamata per qualità e formazione. La registrazione viene conservata per {retentionDays} giorni e può chiederne la cancellazione in qualsiasi momento. Dica sì o prema 1 per accettare, oppure dica no o prema 2 per continuare senza registrazione.',
      nl: 'We willen dit gesprek opnemen voor kwaliteit en training. De opname wordt {retentionDays} dagen bewaard en u kunt ons altijd vragen haar te verwijderen. Zeg ja of druk op 1 om toe te staan, of zeg nee of druk op 2 om zonder opname verder te gaan.',
    },
    'all-party': {
      en: 'This call will be recorded for quality and training. The recording is kept for {retentionDays} days, and you can ask us to delete it at any time. If you do not want to be recorded, say no or press 2 now.',
      es: 'Esta llamada será grabada con fines de calidad y formación. La grabación se conserva {retentionDays} días y puede pedirnos que la borremos en cualquier momento. Si no desea que se grabe, diga no o pulse 2 ahora.',
      fr: "Cet appel sera enregistré à des fins de qualité et de formation. L'enregistrement est conservé {retentionDays} jours, et vous pouvez demander sa suppression à tout moment. Si vous ne souhaitez pas être enregistré, dites non ou appuyez sur 2 maintenant.",
      de: 'Dieses Gespräch wird zur Qualitätssicherung und Schulung aufgezeichnet. Die Aufzeichnung wird {retentionDays} Tage aufbewahrt, und Sie können jederzeit ihre Löschung verlangen. Wenn Sie nicht aufgezeichnet werden möchten, sagen Sie jetzt nein oder drücken Sie die 2.',
      it: 'Questa chiamata sarà registrata per qualità e formazione. La registrazione viene conservata per {retentionDays} giorni e può chiederne la cancellazione in qualsiasi momento. Se non vuole essere registrato, dica no o prema 2 ora.',
      nl: 'Dit gesprek wordt opgenomen voor kwaliteit en training. De opname wordt {retentionDays} dagen bewaard en u kunt ons altijd vragen haar te verwijderen. Wilt u niet worden opgenomen, zeg dan nu nee of druk op 2.',
    },
    'one-party': {
      en: 'This call may be recorded for quality and training. Recordings are kept for {retentionDays} days, and you can ask us to delete yours at any time.',
      es: 'Esta llamada puede ser grabada con fines de calidad y formación. Las grabaciones se conservan {retentionDays} días y puede pedirnos que borremos la suya en cualquier momento.',
      fr: 'Cet appel peut être enregistré à des fins de qualité et de formation. Les enregistrements sont conservés {retentionDays} jours, et vous pouvez demander la suppression du vôtre à tout moment.',
      de: 'Dieses Gespräch kann zur Qualitätssicherung und Schulung aufgezeichnet werden. Aufzeichnungen werden {retentionDays} Tage aufbewahrt, und Sie können jederzeit die Löschung Ihrer Aufzeichnung verlangen.',
      it: 'Questa chiamata potrebbe essere registrata per qualità e formazione. Le registrazioni vengono conservate per {retentionDays} giorni e può chiedere la cancellazione della sua in qualsiasi momento.',
      nl: 'Dit gesprek kan worden opgenomen voor kwaliteit en training. Opnames worden {retentionDays} dagen bewaard en u kunt altijd vragen de uwe te verwijderen.',
    },
  },
  // Issue 13: the consent is asked in the caller's language, picked from their country.
  languageByCountry: {
    DE: 'de',
    AT: 'de',
    LI: 'de',
    FR: 'fr',
    MC: 'fr',
    ES: 'es',
    MX: 'es',
    AR: 'es',
    CO: 'es',
    CL: 'es',
    PE: 'es',
    IT: 'it',
    SM: 'it',
    NL: 'nl',
  },
};

/** Strictness order, for "the stricter of" decisions. */
export const REGIME_STRICTNESS: Readonly<Record<Regime, number>> = {
  'one-party': 0,
  'all-party': 1,
  'explicit-opt-in': 2,
};

export function stricterRegime(a: Regime, b: Regime): Regime {
  return REGIME_STRICTNESS[a] >= REGIME_STRICTNESS[b] ? a : b;
}
