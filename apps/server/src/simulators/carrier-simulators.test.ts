import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CarrierSimulators, startCarrierSimulators } from './index.js';

// The simulators are real HTTP servers; these tests talk to them with plain fetch.
let sims: CarrierSimulators;
beforeAll(async () => {
  sims = await startCarrierSimulators();
});
afterAll(async () => {
  await sims.close();
});

const cfg = (name: string) => {
  const c = sims.providers.find((p) => p.name === name);
  if (!c) throw new Error(name);
  return c;
};

function twilioCreate(to: string, auth?: string) {
  const c = cfg('twilio');
  if (c.kind !== 'twilio') throw new Error('kind');
  const { accountSid, authToken } = c.credentials;
  return fetch(`${c.baseUrl}/2010-04-01/Accounts/${accountSid}/Calls.json`, {
    method: 'POST',
    headers: {
      authorization: auth ?? `Basic ${btoa(`${accountSid}:${authToken}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
      'idempotency-key': `sim-${to}`,
    },
    body: new URLSearchParams({ To: to, From: '+14155559999', Url: 'https://x.test/voice' }).toString(),
  });
}

describe('carrier simulators', () => {
  it('speak Twilio REST: Basic auth, form body, 201 queued with a CA sid', async () => {
    expect((await twilioCreate('+14155550001', 'Basic bm9wZTpub3Bl')).status).toBe(401);
    const res = await twilioCreate('+14155550001');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'queued', to: '+14155550001', sid: expect.stringMatching(/^CA[0-9a-f]{32}$/) });
    expect((await twilioCreate('12345')).status).toBe(400); // not E.164: Twilio error 21211
  });

  it('speak Telnyx Call Control: Bearer JSON dial, active calls by connection', async () => {
    const c = cfg('telnyx');
    if (c.kind !== 'telnyx') throw new Error('kind');
    const dial = await fetch(`${c.baseUrl}/v2/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.credentials.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        connection_id: c.credentials.connectionId,
        to: '+14155550002',
        from: '+14155559999',
        client_state: btoa('k1'),
      }),
    });
    expect(dial.status).toBe(200);
    const { data } = (await dial.json()) as { data: { call_control_id: string } };
    const active = await fetch(`${c.baseUrl}/v2/connections/${c.credentials.connectionId}/active_calls`, {
      headers: { authorization: `Bearer ${c.credentials.apiKey}` },
    });
    const list = (await active.json()) as { data: { call_control_id: string; client_state: string }[] };
    expect(list.data).toContainEqual(expect.objectContaining({ call_control_id: data.call_control_id, client_state: btoa('k1') }));
  });

  it('switch chaos modes at run time: 503, 429 with Retry-After, garbage, down, back to ok', async () => {
    const health = () => fetch(`${cfg('signalwire').baseUrl}/health`);
    await sims.setFault('signalwire', '503');
    expect((await health()).status).toBe(503);
    await sims.setFault('signalwire', '429', { retryAfterSeconds: 2 });
    const limited = await health();
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
    await sims.setFault('twilio', 'garbage');
    const garbage = await twilioCreate('+14155550003');
    expect(garbage.status).toBe(200);
    await expect(garbage.json()).rejects.toThrow();
    await sims.setFault('signalwire', 'down');
    await expect(health()).rejects.toThrow();
    await sims.setFault('signalwire', 'ok');
    await sims.setFault('twilio', 'ok');
    expect((await health()).status).toBe(200);
  });

  it('flaps between refusing and answering', async () => {
    await sims.setFault('telnyx', 'flapping', { flapMs: 100 });
    const seen = new Set<string>();
    for (let i = 0; i < 30 && seen.size < 2; i += 1) {
      seen.add(
        await fetch(`${cfg('telnyx').baseUrl}/health`).then(
          (r) => String(r.status),
          () => 'refused',
        ),
      );
      await new Promise((r) => setTimeout(r, 40));
    }
    await sims.setFault('telnyx', 'ok');
    expect(seen).toEqual(new Set(['200', 'refused']));
  });

  it('in timeout mode the callee is dialled but the reply never comes', async () => {
    await sims.setFault('twilio', 'timeout');
    const before = sims.ledger.calls.length;
    const aborted = await Promise.race([
      twilioCreate('+14155550005').then(() => 'replied'),
      new Promise((r) => setTimeout(() => r('silent'), 300)),
    ]);
    expect(aborted).toBe('silent');
    expect(sims.ledger.calls.slice(before).map((c) => c.to)).toEqual(['+14155550005']);
    await sims.setFault('twilio', 'ok');
  });
});
