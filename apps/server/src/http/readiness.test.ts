import { describe, expect, it } from 'vitest';
import { createMetrics } from '../observability/metrics.js';
import { healthRoutes } from './health-routes.js';
import { carrierReadiness, vadReadiness } from './start-server.js';

describe('/readyz names what is down', () => {
  it('fails naming every carrier when none is up, and passes while one still is', async () => {
    const down = [
      { name: 'twilio', health: 'unhealthy' },
      { name: 'telnyx', health: 'unhealthy' },
    ];
    expect(carrierReadiness(down)).toBe('every carrier is unhealthy: twilio, telnyx');
    expect(carrierReadiness([...down, { name: 'signalwire', health: 'degraded' }])).toBe('ok');
  });

  it('fails when the VAD model is missing or every VAD worker died', () => {
    expect(vadReadiness(false, { live: 0, total: 0 })).toBe('Silero model not loaded');
    expect(vadReadiness(true, { live: 0, total: 2 })).toBe('every VAD worker is down (0 of 2)');
    expect(vadReadiness(true, { live: 1, total: 2 })).toBe('ok');
  });

  it('answers 503 with each failing check by name, 200 when all are ok', async () => {
    const app = healthRoutes(createMetrics(), async () => ({
      compliance: 'ok',
      vad: vadReadiness(true, { live: 0, total: 2 }),
      carriers: carrierReadiness([{ name: 'twilio', health: 'unhealthy' }]),
    }));
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ok: false,
      checks: { compliance: 'ok', vad: 'every VAD worker is down (0 of 2)', carriers: 'every carrier is unhealthy: twilio' },
    });
    const fine = healthRoutes(createMetrics(), async () => ({
      compliance: 'ok',
      carriers: carrierReadiness([{ name: 'twilio', health: 'healthy' }]),
    }));
    expect((await fine.request('/readyz')).status).toBe(200);
  });
});
