import type { CallType } from './call-placer.js';
import { LONG_CALL_MINUTES, rankProviders, routingStrategy } from './routing-policy.js';

export interface RatedProvider {
  name: string;
  priority: number;
  costPerMinuteUsd: { inbound: number; outbound: number };
}

export interface CostLine {
  provider: string;
  minutes: number;
  ratePerMinuteUsd: number;
  costUsd: number;
}

export interface MonthlyEstimate {
  breakdown: Record<string, CostLine>;
  routedUsd: number;
  /** The same minutes all on the top-priority carrier. */
  allOnPrimaryUsd: number;
  primary: string;
  savingsUsd: number;
  savingsPercent: number;
}

/** How a call type of the estimate maps onto the router's inputs (the lesson's categories). */
function routingInputs(type: string): { callType: CallType; tier: 'standard' | 'enterprise'; expectedMinutes?: number; outbound: boolean } {
  switch (type) {
    case 'enterprise_support':
      return { callType: 'enterprise_support', tier: 'enterprise', outbound: false };
    case 'long_support':
      return { callType: 'long_support', tier: 'standard', expectedMinutes: LONG_CALL_MINUTES + 1, outbound: false };
    case 'outbound_marketing':
      return { callType: 'outbound_marketing', tier: 'standard', outbound: true };
    case 'callback':
      return { callType: 'callback', tier: 'standard', outbound: true };
    default:
      return { callType: 'general_support', tier: 'standard', outbound: false };
  }
}

const cents = (usd: number) => Math.round(usd * 100) / 100;

/**
 * Monthly cost of a traffic mix under cost-optimised routing versus everything on the primary
 * (reference lesson "Cost Optimization Strategies": 10,000 min → $52.50 vs $85.00).
 * Every carrier is assumed healthy: this is a plan, not a forecast of outages.
 */
export function estimateMonthlyCost(minutesByType: Record<string, number>, providers: readonly RatedProvider[]): MonthlyEstimate {
  if (providers.length === 0) throw new Error('no providers to estimate with');
  const rank = (strategy: 'priority' | 'cheapest', outbound: boolean) =>
    rankProviders(
      providers.map((p) => ({
        ...p,
        costPerMinuteUsd: outbound ? p.costPerMinuteUsd.outbound : p.costPerMinuteUsd.inbound,
        healthRank: 0,
        rates: p.costPerMinuteUsd,
      })),
      strategy,
    )[0] as { name: string; costPerMinuteUsd: number };
  const breakdown: Record<string, CostLine> = {};
  let routed = 0;
  let onPrimary = 0;
  for (const [type, minutes] of Object.entries(minutesByType)) {
    const inputs = routingInputs(type);
    const chosen = rank(routingStrategy(inputs), inputs.outbound);
    const primary = rank('priority', inputs.outbound);
    const costUsd = minutes * chosen.costPerMinuteUsd;
    breakdown[type] = { provider: chosen.name, minutes, ratePerMinuteUsd: chosen.costPerMinuteUsd, costUsd: cents(costUsd) };
    routed += costUsd;
    onPrimary += minutes * primary.costPerMinuteUsd;
  }
  return {
    breakdown,
    routedUsd: cents(routed),
    allOnPrimaryUsd: cents(onPrimary),
    primary: rank('priority', false).name,
    savingsUsd: cents(onPrimary - routed),
    savingsPercent: onPrimary > 0 ? Math.round(((onPrimary - routed) / onPrimary) * 1000) / 10 : 0,
  };
}

/** The lesson's example: its rates (twilio 0.0085 primary, telnyx 0.002, signalwire 0.004) and mix. */
export const REFERENCE_ESTIMATE = {
  minutes: { enterprise_support: 2000, general_support: 3000, outbound_marketing: 3000, long_support: 2000 },
  providers: [
    { name: 'twilio', priority: 1, costPerMinuteUsd: { inbound: 0.0085, outbound: 0.0085 } },
    { name: 'telnyx', priority: 2, costPerMinuteUsd: { inbound: 0.002, outbound: 0.002 } },
    { name: 'signalwire', priority: 3, costPerMinuteUsd: { inbound: 0.004, outbound: 0.004 } },
  ],
} as const satisfies { minutes: Record<string, number>; providers: RatedProvider[] };
