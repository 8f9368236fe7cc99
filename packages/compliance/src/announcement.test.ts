import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { announcementFor, consentAnnouncement, consentLanguageFor } from './announcement.js';
import { resolveJurisdiction } from './jurisdiction.js';
import { newRecordingId, RECORDING_ID_PATTERN } from './recording-id.js';
import { isExpired, retentionExpiry } from './retention.js';
import { defaultRuleset } from './ruleset.js';

describe('announcementFor', () => {
  it('hashes the exact text (checked against node:crypto)', async () => {
    const a = await announcementFor('explicit-opt-in', 'de', defaultRuleset, 30);
    expect(a.text).toBe(defaultRuleset.announcements['explicit-opt-in']?.de?.replace('{retentionDays}', '30'));
    expect(a.sha256).toBe(createHash('sha256').update(a.text, 'utf8').digest('hex'));
    expect(a.id).toBe(`explicit-opt-in.de.30d@${defaultRuleset.version}`);
    expect(a.language).toBe('de');
  });

  it('states purpose, retention period and the right to deletion in every shipped language (issue 13)', async () => {
    const words = {
      en: ['quality', '30 days', 'delete'],
      de: ['Qualität', '30 Tage', 'Löschung'],
      fr: ['qualité', '30 jours', 'suppression'],
      es: ['calidad', '30 días', 'borremos'],
      it: ['qualità', '30 giorni', 'cancellazione'],
      nl: ['kwaliteit', '30 dagen', 'verwijderen'],
    };
    for (const regime of ['explicit-opt-in', 'all-party', 'one-party'] as const)
      for (const [lang, needles] of Object.entries(words)) {
        const a = await announcementFor(regime, lang, defaultRuleset, 30);
        expect(a.language).toBe(lang);
        for (const needle of needles) expect(a.text).toContain(needle);
      }
  });

  it("the caller's country picks the language and their jurisdiction the retention", async () => {
    const de = await consentAnnouncement(resolveJurisdiction('+4930901820'), 'en');
    expect(de.language).toBe('de');
    expect(de.text).toContain('30 Tage');
    const ca = await consentAnnouncement(resolveJurisdiction('+14155550100'), 'en');
    expect(ca).toMatchObject({ language: 'en' });
    expect(ca.text).toContain('kept for 90 days');
    expect((await consentAnnouncement(resolveJurisdiction('anonymous'), 'fr')).language).toBe('fr');
    expect(consentLanguageFor({ country: 'ES' }, 'en')).toBe('es');
  });

  it('falls back from a regional tag to its language, then to English', async () => {
    expect((await announcementFor('explicit-opt-in', 'fr-CA')).id).toMatch(/^explicit-opt-in\.fr\.365d@/);
    expect((await announcementFor('all-party', 'pt')).id).toMatch(/^all-party\.en\.365d@/);
  });

  it('each regime says something different', async () => {
    const texts = await Promise.all((['explicit-opt-in', 'all-party', 'one-party'] as const).map((r) => announcementFor(r, 'en')));
    expect(new Set(texts.map((t) => t.sha256)).size).toBe(3);
  });
});

describe('recording ids and retention', () => {
  it('ids are 128-bit random hex and do not repeat', () => {
    const ids = Array.from({ length: 1000 }, newRecordingId);
    for (const id of ids) expect(id).toMatch(RECORDING_ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('expiry is start + retention days; expired from that instant', () => {
    const expiresAt = retentionExpiry('2026-01-01T00:00:00.000Z', 30);
    expect(expiresAt).toBe('2026-01-31T00:00:00.000Z');
    expect(isExpired({ expiresAt }, new Date('2026-01-30T23:59:59.999Z'))).toBe(false);
    expect(isExpired({ expiresAt }, new Date('2026-01-31T00:00:00.000Z'))).toBe(true);
  });
});
