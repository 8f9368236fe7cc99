import { describe, expect, it } from 'vitest';
import { estimateMonthlyCost, REFERENCE_ESTIMATE } from './cost-estimate.js';
import { routingStrategy } from './routing-policy.js';

describe('cost estimate', () => {
  it('reproduces the lesson: $52.50 routed vs $85.00 all on the primary', () => {
    const e = estimateMonthlyCost(REFERENCE_ESTIMATE.minutes, REFERENCE_ESTIMATE.providers);
    expect(e.routedUsd).toBe(52.5);
    expect(e.allOnPrimaryUsd).toBe(85);
    expect(e.primary).toBe('twilio');
    expect(e.breakdown.enterprise_support).toMatchObject({ provider: 'twilio', costUsd: 17 });
    expect(e.breakdown.general_support).toMatchObject({ provider: 'twilio', costUsd: 25.5 });
    expect(e.breakdown.outbound_marketing).toMatchObject({ provider: 'telnyx', costUsd: 6 });
    expect(e.breakdown.long_support).toMatchObject({ provider: 'telnyx', costUsd: 4 });
    expect(e.savingsPercent).toBe(38.2);
  });

  it('follows the rates it is given (computed, not copied)', () => {
    const providers = REFERENCE_ESTIMATE.providers.map((p) =>
      p.name === 'signalwire' ? { ...p, costPerMinuteUsd: { inbound: 0.001, outbound: 0.001 } } : p,
    );
    const e = estimateMonthlyCost({ outbound_marketing: 1000, general_support: 1000 }, providers);
    expect(e.breakdown.outbound_marketing?.provider).toBe('signalwire');
    expect(e.routedUsd).toBe(9.5); // 1000 × 0.001 + 1000 × 0.0085
    expect(e.allOnPrimaryUsd).toBe(17);
  });

  it('routes by tier, then expected duration, then call type', () => {
    expect(routingStrategy({ tier: 'enterprise', callType: 'outbound_marketing', expectedMinutes: 30 })).toBe('priority');
    expect(routingStrategy({ tier: 'standard', callType: 'general_support', expectedMinutes: 11 })).toBe('cheapest');
    expect(routingStrategy({ tier: 'standard', callType: 'general_support', expectedMinutes: 10 })).toBe('priority');
    expect(routingStrategy({ tier: 'standard', callType: 'outbound_marketing' })).toBe('cheapest');
  });
});
