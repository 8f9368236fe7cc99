import type { Announcement, Regime } from '@switchboard/protocol';
import { defaultRuleset, type Ruleset } from './ruleset.js';
import { sha256Hex } from './sha256.js';

/**
 * The recording announcement for a regime and language, with the SHA-256 of its exact text:
 * the engine passes it in `call.connected`, plays it to the end (it is not interruptible) and
 * the consent evidence stores `id` and `sha256`, proving what the caller heard.
 *
 *   const a = await announcementFor('explicit-opt-in', 'de');  // { id: 'explicit-opt-in.de@<version>', text, sha256 }
 *
 * Language fallback: exact tag ("de-AT"), then its base ("de"), then "en". The id names the
 * language actually used and the ruleset version, so a text change gives a new id.
 */
export async function announcementFor(regime: Regime, language: string, rules: Ruleset = defaultRuleset): Promise<Announcement> {
  const texts = rules.announcements[regime] ?? {};
  const base = language.split('-')[0] ?? language;
  const lang = [language, base, 'en'].find((l) => texts[l] !== undefined);
  const text = lang === undefined ? undefined : texts[lang];
  if (lang === undefined || text === undefined) {
    throw new Error(`ruleset ${rules.version} has no announcement for ${regime} (${language} or en)`);
  }
  return { id: `${regime}.${lang}@${rules.version}`, text, sha256: await sha256Hex(text) };
}
