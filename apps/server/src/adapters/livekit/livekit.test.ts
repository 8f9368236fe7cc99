import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { participantEvent, signLiveKitWebhook } from '../../../test/support/livekit-signer.js';
import { createLiveKitWebhook } from './livekit-webhook.js';
import { roomForCall, roomToken } from './livekit-tokens.js';

const config = { url: 'wss://lk.example.test', apiKey: 'APItest', apiSecret: 'secret-that-is-long-enough-for-hs256-signing' };

describe('LiveKit tokens and webhooks (livekit-server-sdk)', () => {
  it('issues a short-lived token whose grants are limited to the one room', async () => {
    const jwt = await roomToken(config, { room: roomForCall('web-1'), identity: 'visitor-web-1', role: 'visitor', ttlSeconds: 300 });
    const claims = await new TokenVerifier(config.apiKey, config.apiSecret).verify(jwt);
    expect(claims.sub).toBe('visitor-web-1');
    expect(claims.video).toMatchObject({ room: 'call-web-1', roomJoin: true, roomAdmin: false, roomCreate: false, roomList: false, canPublishData: false });
    expect((claims.exp ?? 0) - (claims.nbf ?? claims.iat ?? 0)).toBeLessThanOrEqual(300);
    await expect(new TokenVerifier(config.apiKey, 'another-secret-of-sufficient-length-xxxx').verify(jwt)).rejects.toThrow();
  });

  it('verifies a signed webhook and recognises a SIP participant by kind and sip.* attributes', async () => {
    const receive = createLiveKitWebhook(config);
    const body = participantEvent('EV_1', 'participant_joined', 'call-web-7', {
      identity: 'sip_+4930901820',
      kind: 'SIP',
      attributes: { 'sip.callID': 'SCL_1', 'sip.phoneNumber': '+4930901820', 'sip.trunkPhoneNumber': '+4930000000' },
    });
    const event = await receive(body, await signLiveKitWebhook(config.apiKey, config.apiSecret, body));
    expect(event).toMatchObject({ kind: 'participant.joined', eventId: 'EV_1', callId: 'web-7', sip: { callId: 'SCL_1', phoneNumber: '+4930901820' } });
  });

  it('rejects a forged or tampered webhook', async () => {
    const receive = createLiveKitWebhook(config);
    const body = participantEvent('EV_2', 'participant_left', 'call-web-7', { identity: 'visitor-web-7', kind: 'STANDARD' });
    const forged = await signLiveKitWebhook(config.apiKey, 'not-the-secret-but-long-enough-to-sign-xx', body);
    await expect(receive(body, forged)).rejects.toThrow(/invalid LiveKit webhook/);
    const good = await signLiveKitWebhook(config.apiKey, config.apiSecret, body);
    await expect(receive(body.replace('visitor', 'intruder'), good)).rejects.toThrow(/sha256/);
    await expect(receive(body, undefined)).rejects.toThrow(/authorization header is empty/);
  });
});
