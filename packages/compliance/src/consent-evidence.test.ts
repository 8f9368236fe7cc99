import { describe, expect, it } from 'vitest';
import { announcementFor } from './announcement.js';
import { buildConsentEvidence, InvalidConsentEvidence, recordConsentDecision } from './consent-evidence.js';
import { resolveJurisdiction } from './jurisdiction.js';
import { createMemoryComplianceStore } from './memory-store.js';

const decidedAt = new Date('2026-11-25T12:00:05.000Z');

describe('consent evidence', () => {
  it('records everything issue 4 lists, numbers only under pii', async () => {
    const jurisdiction = resolveJurisdiction('+4930901820');
    const announcement = await announcementFor(jurisdiction.regime, 'de');
    const ev = buildConsentEvidence({
      callId: 'c1',
      caller: '+4930901820',
      callee: '+4930123456',
      jurisdiction,
      decision: 'granted',
      method: 'dtmf',
      announcement,
      announcementCompleted: true,
      decidedAt,
      offsetMs: 5000,
    });
    expect(ev).toEqual({
      callId: 'c1',
      jurisdiction: 'DE',
      regime: 'explicit-opt-in',
      rulesetVersion: jurisdiction.rulesetVersion,
      decision: 'granted',
      method: 'dtmf',
      announcementId: announcement.id,
      announcementSha256: announcement.sha256,
      announcementCompleted: true,
      decidedAt: '2026-11-25T12:00:05.000Z',
      offsetMs: 5000,
      pii: { caller: '+4930901820', callee: '+4930123456' },
    });

    const store = createMemoryComplianceStore({ now: () => decidedAt });
    await recordConsentDecision(store, ev);
    expect(store.consents).toHaveLength(1);
    expect(store.audit[0]).toMatchObject({ action: 'consent.decided', callId: 'c1', payload: { decision: 'granted', method: 'dtmf' } });
    expect(JSON.stringify(store.audit)).not.toContain('+4930901820');
    expect(store.auditPii.get(1)).toEqual({ caller: '+4930901820', callee: '+4930123456' });
  });

  const base = async (caller: string) => {
    const jurisdiction = resolveJurisdiction(caller);
    return {
      callId: 'c',
      caller,
      jurisdiction,
      announcement: await announcementFor(jurisdiction.regime, 'en'),
      announcementCompleted: true,
      decidedAt,
      offsetMs: 10_000,
    };
  };

  it('a timeout is never a grant (GDPR Recital 32)', async () => {
    const input = { ...(await base('+4930901820')), method: 'timeout' as const };
    expect(() => buildConsentEvidence({ ...input, decision: 'granted' })).toThrow(InvalidConsentEvidence);
    expect(buildConsentEvidence({ ...input, decision: 'declined' }).method).toBe('timeout');
  });

  it('notice grants under all-party but is not consent under explicit opt-in', async () => {
    expect(buildConsentEvidence({ ...(await base('+14155552671')), decision: 'granted', method: 'notice' }).decision).toBe('granted');
    const uk = await base('+442079460958');
    expect(() => buildConsentEvidence({ ...uk, decision: 'granted', method: 'notice' })).toThrow(/explicit/);
  });

  it('no grant before the announcement was played to the end', async () => {
    const input = { ...(await base('+4930901820')), announcementCompleted: false, method: 'voice' as const };
    expect(() => buildConsentEvidence({ ...input, decision: 'granted' })).toThrow(/announcement/);
    expect(buildConsentEvidence({ ...input, decision: 'declined' }).decision).toBe('declined');
  });
});
