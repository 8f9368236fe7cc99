export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/**
 * The lesson's health rule (shared/DESIGN.md "Carrier failover"): a probe answering 200 is
 * healthy, 429/503 degraded, a timeout or anything else unhealthy.
 */
export function healthOfProbe(result: number | 'timeout' | 'error'): HealthStatus {
  if (result === 200) return 'healthy';
  if (result === 429 || result === 503) return 'degraded';
  return 'unhealthy';
}

/** Live traffic teaches too: a served call means healthy, a carrier fault at least degraded. */
export function healthAfterTraffic(current: HealthStatus, outcome: 'served' | 'fault' | 'circuit-open'): HealthStatus {
  if (outcome === 'served') return 'healthy';
  if (outcome === 'circuit-open') return 'unhealthy';
  return current === 'unhealthy' ? 'unhealthy' : 'degraded';
}

export const HEALTH_RANK: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };
