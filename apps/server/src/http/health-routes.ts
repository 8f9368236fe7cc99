import { Hono } from 'hono';
import type { Metrics } from '../observability/metrics.js';

export type ReadinessCheck = () => Promise<Record<string, 'ok' | string>>;

/** /healthz: the process answers. /readyz: its dependencies answer too. /metrics: Prometheus text. */
export function healthRoutes(metrics: Metrics, readiness: ReadinessCheck) {
  return new Hono()
    .get('/healthz', (c) => c.json({ ok: true }))
    .get('/readyz', async (c) => {
      const checks = await readiness();
      const ok = Object.values(checks).every((v) => v === 'ok');
      return c.json({ ok, checks }, ok ? 200 : 503);
    })
    .get('/metrics', async (c) => c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }));
}
