import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { announcementFor } from './announcement.js';
import { newRecordingId, RECORDING_ID_PATTERN } from './recording-id.js';
import { isExpired, retentionExpiry } from './retention.js';
import { defaultRuleset } from './ruleset.js';

describe('announcementFor', () => {
  it('hashes the exact text (checked against node:crypto)', async () => {
    const a = await announcementFor('explicit-opt-in', 'de');
    expect(a.text).toBe(defaultRuleset.announcements['explicit-opt-in']?.de);
    expect(a.sha256).toBe(createHash('sha256').update(a.text, 'utf8').digest('hex'));
    expect(a.id).toBe(`explicit-opt-in.de@${defaultRuleset.version}`);
  });

  it('falls back from a regional tag to its language, then to English', async () => {
    expect((await announcementFor('explicit-opt-in', 'fr-CA')).id).toMatch(/^explicit-opt-in\.fr@/);
    expect((await announcementFor('all-party', 'de')).id).toMatch(/^all-party\.en@/);
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
