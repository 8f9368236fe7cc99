import { loadProviderConfigs } from '@switchboard/carriers';
import { describe, expect, it } from 'vitest';
import { issueStreamToken, STREAM_TOKEN_TTL_MS, verifyStreamToken } from './media-stream-token.js';

const [twilio, other] = loadProviderConfigs([
  {
    name: 'twilio',
    priority: 1,
    costPerMinuteUsd: { inbound: 0, outbound: 0 },
    maxConcurrent: 1,
    baseUrl: 'https://api.twilio.com',
    credentials: { accountSid: 'AC1', authToken: 'secret-a' },
  },
  {
    name: 'twilio-b',
    kind: 'twilio',
    priority: 2,
    costPerMinuteUsd: { inbound: 0, outbound: 0 },
    maxConcurrent: 1,
    baseUrl: 'https://api.twilio.com',
    credentials: { accountSid: 'AC2', authToken: 'secret-b' },
  },
]);
if (!twilio || !other) throw new Error('fixture');
const grant = { provider: 'twilio', callSid: 'CA1', from: '+4930901820' };
const NOW = 1_700_000_000_000;

describe('media stream token', () => {
  it('verifies for the call and caller it was issued for, until it expires', () => {
    const token = issueStreamToken(twilio, grant, NOW);
    expect(verifyStreamToken(twilio, grant, token, NOW + 1_000)).toEqual({ ok: true, grant });
    expect(verifyStreamToken(twilio, grant, token, NOW + STREAM_TOKEN_TTL_MS + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses another call, another caller number, another provider secret, a changed expiry or garbage', () => {
    const token = issueStreamToken(twilio, grant, NOW);
    expect(verifyStreamToken(twilio, { ...grant, callSid: 'CA2' }, token, NOW).ok).toBe(false);
    expect(verifyStreamToken(twilio, { ...grant, from: '+14155550123' }, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyStreamToken(other, grant, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    const [, mac] = token.split('.');
    expect(verifyStreamToken(twilio, grant, `${NOW + 10 * STREAM_TOKEN_TTL_MS}.${mac}`, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyStreamToken(twilio, grant, 'hello', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyStreamToken(twilio, grant, undefined, NOW)).toEqual({ ok: false, reason: 'missing' });
  });

  it('refuses another spelling of the same MAC (the last character has two unused bits)', () => {
    const token = issueStreamToken(twilio, grant, NOW);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1) as string);
    // Same upper four bits, other low two bits: decodes to the same 32 bytes.
    const twin = `${token.slice(0, -1)}${alphabet[(last & ~3) | ((last + 1) & 3)]}`;
    expect(twin).not.toBe(token);
    expect(Buffer.from(twin.split('.')[1] as string, 'base64url')).toEqual(Buffer.from(token.split('.')[1] as string, 'base64url'));
    expect(verifyStreamToken(twilio, grant, twin, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });
});
