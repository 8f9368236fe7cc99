import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import twilio from 'twilio';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openSqliteStore } from '../adapters/storage/sqlite-store.js';
import { createMemoryEventLog } from '../call/memory-event-log.js';
import { createRealClock } from '../clock/real-clock.js';
import { EnvError } from '../env.js';
import { loadFlow } from '../flows.js';
import { createCarrierLayer, loadCarrierConfigs } from './carrier-layer.js';

const PUBLIC = 'https://voice.example.com';
const dir = mkdtempSync(join(tmpdir(), 'sb-carriers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const twilioEntry = {
  name: 'twilio',
  priority: 1,
  costPerMinuteUsd: { inbound: 0.0085, outbound: 0.014 },
  maxConcurrent: 10,
  baseUrl: 'https://api.twilio.com',
  credentials: { accountSid: 'AC0000', authToken: 'layer-token' },
};

describe('SWITCHBOARD_CARRIERS file', () => {
  it('parses a YAML provider list and names a bad field', async () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, stringify([twilioEntry]));
    expect(await loadCarrierConfigs(good)).toMatchObject({ providers: [{ kind: 'twilio' }], routes: {} });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ ...twilioEntry, maxConcurrent: -1 }]));
    const error = await loadCarrierConfigs(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvError);
    expect(String((error as EnvError).message)).toMatch(/SWITCHBOARD_CARRIERS[\s\S]*maxConcurrent/);
  });

  it('takes routes beside the providers and names a number that is not E.164', async () => {
    const good = join(dir, 'routes.yaml');
    writeFileSync(good, stringify({ providers: [twilioEntry], routes: { billing: '+14155550199' } }));
    expect((await loadCarrierConfigs(good)).routes).toEqual({ billing: '+14155550199' });
    const bad = join(dir, 'bad-routes.yaml');
    writeFileSync(bad, stringify({ providers: [twilioEntry], routes: { billing: '(415) 555-0199' } }));
    const error = await loadCarrierConfigs(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvError);
    expect(String((error as EnvError).message)).toMatch(/SWITCHBOARD_CARRIERS[\s\S]*routes\.billing: not a valid E\.164/);
  });
});

describe('carrier layer webhooks', () => {
  it('answers /voice with the phone loop and still serves the carrier app /status', async () => {
    const flow = await loadFlow();
    const compliance = await openSqliteStore(join(dir, 'compliance.db'));
    const layer = createCarrierLayer(await loadCarrierConfigs(writeJson([twilioEntry])), {
      publicBaseUrl: PUBLIC,
      flow,
      classifier: createEmbeddedClassifier(flow),
      compliance,
      eventLog: createMemoryEventLog(),
      clock: createRealClock(),
      healthIntervalMs: 0,
    });
    try {
      const signed = (path: string, params: Record<string, string>) =>
        layer.webhooks.request(path, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilio.getExpectedTwilioSignature('layer-token', `${PUBLIC}${path}`, params),
          },
          body: new URLSearchParams(params).toString(),
        });
      const voice = await signed('/twilio/voice', { CallSid: 'CA1', AccountSid: 'AC0000', From: '+14155550123', To: '+14155550100' });
      expect(await voice.text()).toContain('<Gather');
      expect((await signed('/twilio/status', { CallSid: 'CA1', CallStatus: 'completed' })).status).toBe(204);
      // The call is gone once the carrier reported it over: a late gather action hangs up.
      const late = await signed('/twilio/gather?call=pstn-twilio-CA1&turn=1', {
        CallSid: 'CA1',
        AccountSid: 'AC0000',
        SpeechResult: 'yes',
      });
      expect(await late.text()).toContain('<Hangup/>');
    } finally {
      layer.close();
      await compliance.close();
    }
  });
});

describe('carrier layer routes', () => {
  it('dials the number the carriers file gives the handoff route', async () => {
    const flow = await loadFlow();
    const compliance = await openSqliteStore(join(dir, 'compliance-routes.db'));
    const file = join(dir, 'layer-routes.yaml');
    writeFileSync(file, stringify({ providers: [twilioEntry], routes: { billing: '+14155550199' } }));
    const layer = createCarrierLayer(await loadCarrierConfigs(file), {
      publicBaseUrl: PUBLIC,
      flow,
      classifier: createEmbeddedClassifier(flow),
      compliance,
      eventLog: createMemoryEventLog(),
      clock: createRealClock(),
      healthIntervalMs: 0,
    });
    try {
      const signed = async (url: string, params: Record<string, string>) => {
        const res = await layer.webhooks.request(url.slice(PUBLIC.length), {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': twilio.getExpectedTwilioSignature('layer-token', url, params),
          },
          body: new URLSearchParams(params).toString(),
        });
        return (await res.text()).replaceAll('&amp;', '&');
      };
      const action = (twiml: string) => /<Gather [^>]*action="([^"]+)"/.exec(twiml)?.[1] ?? '';
      const voice = await signed(`${PUBLIC}/twilio/voice`, { CallSid: 'CA9', From: '+14155550123', To: '+14155550100' });
      const consent = await signed(action(voice), { CallSid: 'CA9', SpeechResult: 'yes' });
      const billing = await signed(action(consent), { CallSid: 'CA9', SpeechResult: 'I was charged twice on my invoice' });
      expect(billing).toContain('<Dial>+14155550199</Dial>');
    } finally {
      layer.close();
      await compliance.close();
    }
  });
});

function writeJson(list: unknown[]): string {
  const path = join(dir, `list-${list.length}.json`);
  writeFileSync(path, JSON.stringify(list));
  return path;
}
