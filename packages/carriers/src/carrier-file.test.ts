import { describe, expect, it } from 'vitest';
import { loadCarrierFile, parseCarrierFile } from './carrier-file.js';

const twilio = {
  name: 'twilio',
  priority: 1,
  costPerMinuteUsd: { inbound: 0.0085, outbound: 0.014 },
  maxConcurrent: 10,
  baseUrl: 'https://api.twilio.com',
  credentials: { accountSid: 'AC0000', authToken: 'token' },
};

describe('carriers file', () => {
  it('takes the bare provider list (no routes) or providers with routes', () => {
    expect(loadCarrierFile([twilio])).toMatchObject({ providers: [{ kind: 'twilio' }], routes: {} });
    const file = loadCarrierFile({ providers: [twilio], routes: { billing: '+14155550199', escalation: '+442071838750' } });
    expect(file.routes).toEqual({ billing: '+14155550199', escalation: '+442071838750' });
    expect(file.providers.map((p) => p.name)).toEqual(['twilio']);
  });

  it.each([
    [{ providers: [twilio], routes: { billing: '+1 415 555 0199' } }, 'routes.billing', /E\.164/],
    [{ providers: [twilio], routes: { billing: '4155550199' } }, 'routes.billing', /E\.164/],
    // The right shape but no such number (a +1 number needs ten digits).
    [{ providers: [twilio], routes: { sales: '+1415555' } }, 'routes.sales', /E\.164/],
    [{ providers: [twilio], routes: { billing: 14155550199 } }, 'routes.billing', /string/],
    [{ providers: [twilio], routes: ['+14155550199'] }, 'routes', /record|object/],
    [{ providers: [{ ...twilio, maxConcurrent: 0 }] }, 'providers[0].maxConcurrent', /./],
    [{ providers: [twilio], route: {} }, 'carriers file', /route/],
    [{ routes: { billing: '+14155550199' } }, 'providers', /./],
  ])('names the bad field (%#)', (raw, path, message) => {
    const parsed = parseCarrierFile(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const issue = parsed.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(parsed.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
    expect(() => loadCarrierFile(raw)).toThrow(path);
  });
});
