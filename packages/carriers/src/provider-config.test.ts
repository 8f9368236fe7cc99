import { describe, expect, it } from 'vitest';
import { loadProviderConfigs, parseProviderConfigs, phoneAudioOf } from './provider-config.js';

const twilio = {
  name: 'twilio',
  priority: 1,
  costPerMinuteUsd: { inbound: 0.0085, outbound: 0.014 },
  maxConcurrent: 500,
  credentials: { accountSid: 'AC123', authToken: 'secret' },
  baseUrl: 'https://api.twilio.com/',
};
const telnyx = {
  name: 'telnyx-eu',
  kind: 'telnyx',
  priority: 2,
  costPerMinuteUsd: { inbound: 0.002, outbound: 0.002 },
  maxConcurrent: 1000,
  credentials: { apiKey: 'KEY', connectionId: '123', publicKey: btoa('k'.repeat(32)) },
  baseUrl: 'https://api.telnyx.com',
};

describe('provider config', () => {
  it('accepts a valid list, infers kind from a provider name and applies defaults', () => {
    const parsed = parseProviderConfigs([twilio, telnyx]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value[0]).toMatchObject({
      kind: 'twilio',
      baseUrl: 'https://api.twilio.com',
      healthPath: '/health',
      requestTimeoutMs: 4000,
    });
    expect(parsed.value[1]).toMatchObject({ kind: 'telnyx', name: 'telnyx-eu' });
    expect(parsed.value.map(phoneAudioOf)).toEqual(['carrier-speech', 'carrier-speech']);
  });

  it('takes media-stream audio on markup carriers only', () => {
    const parsed = parseProviderConfigs([{ ...twilio, audio: 'media-stream' }]);
    expect(parsed.ok && parsed.value.map(phoneAudioOf)).toEqual(['media-stream']);
    // Telnyx Call Control is not answered with markup: the field is unknown there, not ignored.
    const telnyxStream = parseProviderConfigs([{ ...telnyx, audio: 'media-stream' }]);
    expect(telnyxStream.ok).toBe(false);
  });

  it.each([
    [[{ ...twilio, costPerMinuteUsd: { inbound: 0.0085, outbound: 'cheap' } }], 'providers[0].costPerMinuteUsd.outbound'],
    [[twilio, { ...telnyx, maxConcurrent: 0 }], 'providers[1].maxConcurrent'],
    [[{ ...twilio, credentials: { accountSid: 'AC1' } }], 'providers[0].credentials.authToken'],
    [[{ ...twilio, baseUrl: 'ftp://x' }], 'providers[0].baseUrl'],
    [[{ ...telnyx, credentials: { ...telnyx.credentials, publicKey: btoa('short') } }], 'providers[0].credentials.publicKey'],
    [[twilio, twilio], 'providers[1].name'],
    [[{ ...twilio, name: 'acme' }], 'providers[0].kind'],
    [[{ ...twilio, colour: 'red' }], 'providers[0]'],
    [[{ ...twilio, audio: 'websocket' }], 'providers[0].audio'],
    [[], 'providers'],
  ])('names the bad field (%#)', (raw, path) => {
    const parsed = parseProviderConfigs(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.path)).toContain(path);
  });

  it('throws at start-up with the field in the message', () => {
    expect(() => loadProviderConfigs([{ ...twilio, priority: 'first' }])).toThrow(/providers\[0\]\.priority/);
  });
});
