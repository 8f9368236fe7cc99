import type { Channel, Industry, Jurisdiction, Regime } from '@switchboard/protocol';
import lpn from 'google-libphonenumber';
import { NANP_AREA_CODES } from './area-codes.js';
import { retentionDaysFor } from './retention.js';
import { defaultRuleset, type Ruleset } from './ruleset.js';

/**
 * Where a caller is, as far as we can lawfully tell, and which recording regime applies.
 *
 *   const j = resolveJurisdiction('+4930901820');            // { code: 'DE', regime: 'explicit-opt-in', retentionDays: 30, … }
 *   const j = resolveJurisdiction('anonymous');              // { code: 'unknown', regime: 'explicit-opt-in', … }
 *   const j = resolveJurisdiction('+15125550100', { classifyUsByAreaCode: true }); // US-TX one-party
 *
 * Rules (shared/DESIGN.md "Consent", "Area codes don't prove location"):
 * - Country from google-libphonenumber; withheld ("anonymous"), unparseable, invalid or
 *   non-geographic numbers → code "unknown" and the strictest regime (`rules.unknownRegime`).
 * - EU/EEA/UK (and any country in `rules.explicitOptInCountries`) → explicit-opt-in.
 * - +1 US/Canada: the state/province comes from the generated area-code table (area-codes.ts)
 *   and always names the jurisdiction code ("US-TX") and retention; but by default every such
 *   caller gets the all-party regime, because an area code doesn't prove where someone is.
 *   With `classifyUsByAreaCode`, all-party states stay all-party, other US states and Canada
 *   become one-party, and a US number with no known state stays all-party.
 *   Other +1 countries (JM, PR, …) follow the country rules below, which are stricter.
 * - Any other country → `rules.countryRegimes[country]`, else `defaultRegime` (explicit-opt-in).
 * - channel "web" → `webRegime` (the site's setting); the visitor then chooses in the page.
 * - Retention: see retention.ts (EU/EEA/UK 30 d, US-CA 90 d, else 365 d, unknown 30 d,
 *   finance 2555 d when longer). `rulesetVersion` records which rules decided.
 */
export interface ResolveOptions {
  channel?: Channel;
  industry?: Industry;
  /** Regime for countries with no rule of their own (default: the ruleset's). */
  defaultRegime?: Regime;
  /** Use the area code's state for the US/Canada regime (default false: all-party). */
  classifyUsByAreaCode?: boolean;
  /** Regime for web visitors (default: the ruleset's). */
  webRegime?: Regime;
  rules?: Ruleset;
}

const phoneUtil = lpn.PhoneNumberUtil.getInstance();

interface Origin {
  country: string | null;
  subdivision: string | null;
}

/** Country and (for +1) subdivision of an E.164 number, or nulls when it proves nothing. */
export function originOf(caller: string): Origin {
  const unknown: Origin = { country: null, subdivision: null };
  const text = caller.trim();
  if (!text.startsWith('+')) return unknown; // "anonymous", "web:…", national formats
  let parsed: lpn.PhoneNumber;
  try {
    parsed = phoneUtil.parse(text);
  } catch {
    return unknown;
  }
  if (!phoneUtil.isValidNumber(parsed)) return unknown;
  const country = phoneUtil.getRegionCodeForNumber(parsed);
  // "001" is libphonenumber's region for non-geographic numbers (+800 …).
  if (!country || !/^[A-Z]{2}$/.test(country)) return unknown;
  if (country === 'US' || country === 'CA') {
    const npa = String(parsed.getNationalNumber() ?? '').slice(0, 3);
    const code = NANP_AREA_CODES[npa];
    const subdivision = code?.startsWith(`${country}-`) ? code.slice(3) : null;
    return { country, subdivision };
  }
  return { country, subdivision: null };
}

function regimeFor(origin: Origin, opts: ResolveOptions, rules: Ruleset): Regime {
  const { country, subdivision } = origin;
  if (!country) return rules.unknownRegime;
  if (rules.explicitOptInCountries.includes(country)) return 'explicit-opt-in';
  if (country === 'US' || country === 'CA') {
    if (!opts.classifyUsByAreaCode) return 'all-party';
    if (country === 'CA') return 'one-party';
    if (!subdivision) return 'all-party';
    return rules.allPartyUsStates.includes(subdivision) ? 'all-party' : 'one-party';
  }
  return rules.countryRegimes[country] ?? opts.defaultRegime ?? rules.defaultRegime;
}

export function resolveJurisdiction(caller: string, opts: ResolveOptions = {}): Jurisdiction {
  const rules = opts.rules ?? defaultRuleset;
  const industry = opts.industry ?? 'general';
  if (opts.channel === 'web') {
    return {
      code: 'web',
      country: null,
      subdivision: null,
      regime: opts.webRegime ?? rules.webRegime,
      retentionDays: retentionDaysFor(null, industry, rules),
      rulesetVersion: rules.version,
    };
  }
  const origin = originOf(caller);
  const code = origin.country ? (origin.subdivision ? `${origin.country}-${origin.subdivision}` : origin.country) : 'unknown';
  return {
    code,
    country: origin.country,
    subdivision: origin.subdivision,
    regime: regimeFor(origin, opts, rules),
    retentionDays: retentionDaysFor(origin.country ? code : null, industry, rules),
    rulesetVersion: rules.version,
  };
}
