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
  /** Announcement text per regime and BCP 47 language ("en", "de", …). */
  announcements: z.record(RegimeSchema, z.record(z.string(), z.string().min(1))),
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
  version: 'switchboard-2026.11-1',
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
  announcements: {
    'explicit-opt-in': {
      en: 'We would like to record this call for quality and training. Say yes or press 1 to allow recording, or say no or press 2 to continue without recording.',
      de: 'Wir möchten dieses Gespräch zur Qualitätssicherung aufzeichnen. Sagen Sie ja oder drücken Sie die 1, um zuzustimmen, oder sagen Sie nein oder drücken Sie die 2, um ohne Aufzeichnung fortzufahren.',
      fr: 'Nous souhaitons enregistrer cet appel à des fins de qualité et de formation. Dites oui ou appuyez sur 1 pour accepter, ou dites non ou appuyez sur 2 pour continuer sans enregistrement.',
      es: 'Nos gustaría grabar esta llamada con fines de calidad y formación. Diga sí o pulse 1 para aceptar, o diga no o pulse 2 para continuar sin grabación.',
    },
    'all-party': {
      en: 'This call will be recorded for quality and training. If you do not want to be recorded, say no or press 2 now.',
      es: 'Esta llamada será grabada con fines de calidad y formación. Si no desea que se grabe, diga no o pulse 2 ahora.',
      fr: 'Cet appel sera enregistré à des fins de qualité et de formation. Si vous ne souhaitez pas être enregistré, dites non ou appuyez sur 2 maintenant.',
    },
    'one-party': {
      en: 'This call may be recorded for quality and training.',
      es: 'Esta llamada puede ser grabada con fines de calidad y formación.',
      fr: 'Cet appel peut être enregistré à des fins de qualité et de formation.',
    },
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
