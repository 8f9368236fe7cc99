import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CarrierSimulators, startCarrierSimulators } from '../../simulators/index.js';
import { type CarrierStatusEvent, createCarrierWebhookApp, type InboundCallEvent } from './webhook-app.js';

const PUBLIC = 'https://voice.example.com';
let sims: CarrierSimulators;
beforeAll(async () => {
  sims = await startCarrierSimulators();
});
afterAll(async () => {
  await sims.close();
});

const config = (name: string) => {
  const c = sims.providers.find((p) => p.name === name);
  if (!c) throw new Error(name);
  return c;
};

function appFor(name: string) {
  const inbound: InboundCallEvent[] = [];
  const statuses: CarrierStatusEvent[] = [];
  const commands: { path: string; body: Record<string, unknown> }[] = [];
  const app = createCarrierWebhookApp({
    provider: config(name),
    publicBaseUrl: PUBLIC,
    onInbound: (call) => {
      inbound.push(call);
      return { kind: 'stream', streamUrl: 'wss://voice.example.com/media', parameters: { callId: `c-${call.providerCallId}` } };
    },
    onStatus: (e) => {
      statuses.push(e);
    },
    onTelnyxCommand: (c) => {
      commands.push(c);
    },
  });
  return { app, inbound, statuses, commands };
}

const voiceForm = (callSid: string) => ({
  CallSid: callSid,
  AccountSid: 'AC1',
  From: '+4930901820',
  To: '+14155550100',
  CallStatus: 'ringing',
  Direction: 'inbound',
});
const telnyxInitiated = (id: string) => ({
  data: {
    record_type: 'event',
    id,
    event_type: 'call.initiated',
    occurred_at: new Date().toISOString(),
    payload: { call_control_id: `v3:${id}`, from: '+4930901820', to: '+14155550100', direction: 'incoming' },
  },
});

/** Posts a signed webhook into the app as the carrier would (path relative to the public base). */
function post(app: Hono, signed: { url: string; headers: Record<string, string>; body: string }) {
  const path = signed.url.slice(PUBLIC.length);
  return app.request(path, { method: 'POST', headers: signed.headers, body: signed.body });
}

describe.each(['twilio', 'signalwire'])('%s webhooks', (name) => {
  it('answers a signed inbound call with markup from the SDK', async () => {
    const { app, inbound } = appFor(name);
    const res = await post(app, sims.signWebhook(name, `${PUBLIC}/voice`, voiceForm('CA1')));
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain(
      '<Connect><Stream url="wss://voice.example.com/media"><Parameter name="callId" value="c-CA1"/></Stream></Connect>',
    );
    expect(inbound).toHaveLength(1);
  });

  it('rejects a forged signature with 403 before parsing', async () => {
    const { app, inbound } = appFor(name);
    const signed = sims.signWebhook(name, `${PUBLIC}/voice`, voiceForm('CA2'));
    const tampered = { ...signed, body: signed.body.replace('%2B4930901820', '%2B4930000000') };
    expect((await post(app, tampered)).status).toBe(403);
    const unsigned = { ...signed, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    expect((await post(app, unsigned)).status).toBe(403);
    expect(inbound).toHaveLength(0);
  });

  it('rejects a signature made for another URL (the proxy pitfall: we check the public one)', async () => {
    const { app } = appFor(name);
    const signed = sims.signWebhook(name, 'http://10.0.0.5:8080/voice', voiceForm('CA3'));
    const res = await app.request('/voice', { method: 'POST', headers: signed.headers, body: signed.body });
    expect(res.status).toBe(403);
  });

  it('verified but malformed → 400; a repeated status is delivered once', async () => {
    const { app, statuses } = appFor(name);
    expect((await post(app, sims.signWebhook(name, `${PUBLIC}/voice`, { From: '+1' }))).status).toBe(400);
    const status = sims.signWebhook(name, `${PUBLIC}/status`, { CallSid: 'CA9', CallStatus: 'busy', SipResponseCode: '486' });
    expect((await post(app, status)).status).toBe(204);
    expect((await post(app, status)).status).toBe(204);
    expect(statuses).toEqual([
      { provider: name, eventId: 'status-CA9-busy', providerCallId: 'CA9', progress: 'busy', sipStatus: 486, ended: true },
    ]);
  });
});

describe('signalwire alias header', () => {
  it('accepts X-Twilio-Signature signed with the signing key', async () => {
    const { app } = appFor('signalwire');
    const signed = sims.signWebhook('signalwire', `${PUBLIC}/voice`, voiceForm('SW1'));
    const headers = {
      'content-type': signed.headers['content-type'] as string,
      'x-twilio-signature': signed.headers['x-signalwire-signature'] as string,
    };
    expect((await post(app, { ...signed, headers })).status).toBe(200);
  });
});

describe('telnyx webhooks', () => {
  it('answers call.initiated with an answer command that starts an RTP stream', async () => {
    const { app, commands, inbound } = appFor('telnyx');
    const res = await post(app, sims.signWebhook('telnyx', `${PUBLIC}/voice`, telnyxInitiated('e1')));
    expect(res.status).toBe(200);
    expect(inbound).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      path: '/v2/calls/v3%3Ae1/actions/answer',
      body: { stream_bidirectional_mode: 'rtp', stream_bidirectional_codec: 'PCMU', command_id: 'e1' },
    });
    // Telnyx delivers twice: the repeat is acknowledged, not acted on.
    expect((await post(app, sims.signWebhook('telnyx', `${PUBLIC}/voice`, telnyxInitiated('e1')))).status).toBe(200);
    expect(inbound).toHaveLength(1);
  });

  it('rejects a forged body and a stale timestamp (over 300 s) with 403', async () => {
    const { app, inbound } = appFor('telnyx');
    const signed = sims.signWebhook('telnyx', `${PUBLIC}/voice`, telnyxInitiated('e2'));
    expect((await post(app, { ...signed, body: signed.body.replace('e2', 'e3') })).status).toBe(403);
    const stale = sims.signWebhook('telnyx', `${PUBLIC}/voice`, telnyxInitiated('e4'), {
      timestampSeconds: Math.floor(Date.now() / 1000) - 301,
    });
    expect((await post(app, stale)).status).toBe(403);
    const fresh = sims.signWebhook('telnyx', `${PUBLIC}/voice`, telnyxInitiated('e5'), {
      timestampSeconds: Math.floor(Date.now() / 1000) - 200,
    });
    expect((await post(app, fresh)).status).toBe(200);
    expect(inbound.map((c) => c.eventId)).toEqual(['e5']);
  });

  it('answers a signed TeXML inbound with TeXML', async () => {
    const { app } = appFor('telnyx');
    // TeXML callbacks are form-encoded but Ed25519-signed over the raw body.
    const signed = sims.signWebhook('telnyx', `${PUBLIC}/texml`, voiceForm('v3:tx'), { form: true });
    const res = await post(app, signed);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('bidirectionalMode="rtp"');
    expect((await post(app, { ...signed, body: `${signed.body}&x=1` })).status).toBe(403);
  });
});

describe('mounted on a real server', () => {
  it('accepts the simulator sending a signed status webhook over HTTP', async () => {
    const { app, statuses } = appFor('twilio');
    const root = new Hono();
    root.route('/webhooks/twilio', app);
    const server = serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    try {
      // The carrier signs the public URL; our server sees the loopback one. Build an app whose
      // public base is this server, as a deployment without a proxy would.
      const direct = createCarrierWebhookApp({
        provider: config('twilio'),
        publicBaseUrl: `http://127.0.0.1:${port}`,
        onStatus: (e) => void statuses.push(e),
      });
      root.route('/webhooks/direct', direct);
      const res = await sims.sendWebhook('twilio', `http://127.0.0.1:${port}/webhooks/direct/status`, {
        CallSid: 'CA77',
        CallStatus: 'completed',
      });
      expect(res.status).toBe(204);
      expect(statuses[0]).toMatchObject({ providerCallId: 'CA77', progress: 'completed', ended: true });
    } finally {
      server.close();
    }
  });
});
