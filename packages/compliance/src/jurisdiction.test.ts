import { describe, expect, it } from 'vitest';
import { resolveJurisdiction } from './jurisdiction.js';
import { defaultRuleset } from './ruleset.js';

describe('resolveJurisdiction', () => {
  it.each([
    ['+4930901820', 'DE', 'explicit-opt-in', 30],
    ['+442079460958', 'GB', 'explicit-opt-in', 30],
    ['+33123456789', 'FR', 'explicit-opt-in', 30],
    ['+81312345678', 'JP', 'explicit-opt-in', 365],
  ])('%s → %s %s, %i days', (caller, code, regime, days) => {
    const j = resolveJurisdiction(caller);
    expect(j).toMatchObject({ code, country: code, subdivision: null, regime, retentionDays: days });
    expect(j.rulesetVersion).toBe(defaultRuleset.version);
  });

  it('Japan follows the configured default regime', () => {
    expect(resolveJurisdiction('+81312345678', { defaultRegime: 'one-party' }).regime).toBe('one-party');
    // …but a configured default never loosens EU/EEA/UK.
    expect(resolveJurisdiction('+4930901820', { defaultRegime: 'one-party' }).regime).toBe('explicit-opt-in');
  });

  it('California: all-party with 90-day retention, classified or not', () => {
    for (const classifyUsByAreaCode of [false, true]) {
      expect(resolveJurisdiction('+14155552671', { classifyUsByAreaCode })).toMatchObject({
        code: 'US-CA',
        country: 'US',
        subdivision: 'CA',
        regime: 'all-party',
        retentionDays: 90,
      });
    }
  });

  it('Texas: all-party by default (area codes prove nothing), one-party when classified', () => {
    expect(resolveJurisdiction('+15125550100')).toMatchObject({ code: 'US-TX', regime: 'all-party', retentionDays: 365 });
    expect(resolveJurisdiction('+15125550100', { classifyUsByAreaCode: true })).toMatchObject({
      code: 'US-TX',
      regime: 'one-party',
    });
  });

  it('Canada: province from the area code; all-party by default, one-party when classified', () => {
    expect(resolveJurisdiction('+14165550100')).toMatchObject({ code: 'CA-ON', country: 'CA', regime: 'all-party' });
    expect(resolveJurisdiction('+16045550100', { classifyUsByAreaCode: true })).toMatchObject({
      code: 'CA-BC',
      regime: 'one-party',
      retentionDays: 365,
    });
  });

  it('US number with no state (toll-free) stays all-party even when classifying', () => {
    expect(resolveJurisdiction('+18005550100', { classifyUsByAreaCode: true })).toMatchObject({
      code: 'US',
      subdivision: null,
      regime: 'all-party',
    });
  });

  it.each(['anonymous', '', 'not a number', '+999123', '+1555', '+4912', '4930901820'])(
    'withheld/invalid %j → unknown, strictest regime',
    (caller) => {
      expect(resolveJurisdiction(caller)).toMatchObject({
        code: 'unknown',
        country: null,
        regime: 'explicit-opt-in',
        retentionDays: defaultRuleset.retention.unknownDays,
      });
    },
  );

  it('unknown stays strictest even with a lax ruleset default and area-code classification', () => {
    expect(resolveJurisdiction('anonymous', { defaultRegime: 'one-party', classifyUsByAreaCode: true }).regime).toBe('explicit-opt-in');
  });

  it('finance retention overrides only when longer', () => {
    expect(resolveJurisdiction('+4930901820', { industry: 'finance' }).retentionDays).toBe(2555);
    const rules = { ...defaultRuleset, retention: { ...defaultRuleset.retention, byIndustry: { finance: 10 } } };
    expect(resolveJurisdiction('+81312345678', { industry: 'finance', rules }).retentionDays).toBe(365);
  });

  it('web visitors get the site-configured regime', () => {
    expect(resolveJurisdiction('web-visitor', { channel: 'web' })).toMatchObject({ code: 'web', regime: 'explicit-opt-in' });
    expect(resolveJurisdiction('web-visitor', { channel: 'web', webRegime: 'all-party' }).regime).toBe('all-party');
  });

  it('records the ruleset version that decided', () => {
    const rules = { ...defaultRuleset, version: 'acme-7', countryRegimes: { JP: 'one-party' as const } };
    expect(resolveJurisdiction('+81312345678', { rules })).toMatchObject({ regime: 'one-party', rulesetVersion: 'acme-7' });
  });
});
