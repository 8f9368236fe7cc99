import type { PlaceCallRequest } from './call-placer.js';

export type RoutingStrategy = 'priority' | 'cheapest';

/** Above this expected length a call goes to the cheapest carrier (the lesson's rule). */
export const LONG_CALL_MINUTES = 10;

/**
 * Cost-optimised routing (reference lesson "Hybrid Provider Routing"): enterprise callers get
 * the primary for quality; long calls and outbound marketing go to the cheapest; everything
 * else follows priority.
 */
export function routingStrategy(request: Pick<PlaceCallRequest, 'tier' | 'callType' | 'expectedMinutes'>): RoutingStrategy {
  if (request.tier === 'enterprise') return 'priority';
  if ((request.expectedMinutes ?? 0) > LONG_CALL_MINUTES) return 'cheapest';
  if (request.callType === 'outbound_marketing') return 'cheapest';
  return 'priority';
}

export interface RankableProvider {
  name: string;
  priority: number;
  costPerMinuteUsd: number;
  /** 0 healthy, 1 degraded, 2 unhealthy. */
  healthRank: number;
}

/** Healthy before degraded before unhealthy; within a class by strategy, then priority, then name. */
export function rankProviders<T extends RankableProvider>(providers: readonly T[], strategy: RoutingStrategy): T[] {
  return [...providers].sort(
    (a, b) =>
      a.healthRank - b.healthRank ||
      (strategy === 'cheapest' ? a.costPerMinuteUsd - b.costPerMinuteUsd : 0) ||
      a.priority - b.priority ||
      a.name.localeCompare(b.name),
  );
}
