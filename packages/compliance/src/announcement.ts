import type { Announcement, Jurisdiction, Regime } from '@switchboard/protocol';
import { defaultRuleset, type Ruleset } from './ruleset.js';
import { sha256Hex } from './sha256.js';

/**
 * The recording announcement for a regime and language, with the SHA-256 of its exact text:
 * the engine passes it in `call.connected`, plays it to the end (it is not interruptible) and
 * the consent evidence stores `id` and `sha256`, proving what the caller heard.
 *
 *   const a = await announcementFor('explicit-opt-in', 'de', defaultRuleset, 30);
 *   // { id: 'explicit-opt-in.de.30d@<version>', text: '… 30 Tage …', sha256, language: 'de' }
 *
 * Language fallback: exact tag ("de-AT"), then its base ("de"), then "en". The id names the
 * language actually used, the retention filled in and the ruleset version, so a different
 * text always has a different id.
 */
export async function announcementFor(
  regime: Regime,
  language: string,
  rules: Ruleset = defaultRuleset,
  retentionDays: number = rules.retention.defaultDays,
): Promise<Announcement> {
  const texts = rules.announcements[regime] ?? {};
  const base = language.split('-')[0] ?? language;
  const lang = [language, base, 'en'].find((l) => texts[l] !== undefined);
  const template = lang === undefined ? undefined : texts[lang];
  if (lang === undefined || template === undefined) {
    throw new Error(`ruleset ${rules.version} has no announcement for ${regime} (${language} or en)`);
  }
  const text = template.replaceAll('{retentionDays}', String(retentionDays));
  const days = template.includes('{retentionDays}') ? `.${retentionDays}d` : '';
  return { id: `${regime}.${lang}${days}@${rules.version}`, text, sha256: await sha256Hex(text), language: lang };
}

/**
 * The consent language for a caller (issue 13): their country's language when the ruleset
 * ships one (a German number hears German), else the flow's. Web visitors and unknown
 * origins get the flow's language.
 */
export function consentLanguageFor(
  jurisdiction: Pick<Jurisdiction, 'country'>,
  flowLanguage: string,
  rules: Ruleset = defaultRuleset,
): string {
  return (jurisdiction.country !== null ? rules.languageByCountry[jurisdiction.country] : undefined) ?? flowLanguage;
}

/** The announcement a caller hears: in their language, stating their jurisdiction's retention. */
export function consentAnnouncement(
  jurisdiction: Jurisdiction,
  flowLanguage: string,
  rules: Ruleset = defaultRuleset,
): Promise<Announcement> {
  return announcementFor(jurisdiction.regime, consentLanguageFor(jurisdiction, flowLanguage, rules), rules, jurisdiction.retentionDays);
}
