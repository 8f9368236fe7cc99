import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { loadProviderConfigs } from '@switchboard/carriers';
import { consentAnnouncement, resolveJurisdiction } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import { CloseCodes, type Flow } from '@switchboard/protocol';
import { Hono } from 'hono';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaStreamPeer } from '../../test/support/media-stream-peer.js';
import { openSqliteStore } from '../adapters/storage/sqlite-store.js';
import type { TextToSpeech } from '../adapters/tts/tts.js';
import { createMemoryEventLog } from '../call/memory-event-log.js';
import { createRealClock } from '../clock/real-clock.js';
import { loadFlow } from '../flows.js';
import { PhonePromptCache } from './media-stream-audio-out.js';
import { toPhoneAudio } from './media-stream-codec.js';
import { createMediaStreamLoop, type MediaStreamLoop } from './media-stream-route.js';

const AUTH_TOKEN = 'route-test-token';
const SIGNING_KEY = 'PSK_route_test';
const EU_CALLER = '+4930901820';
/** A fake beside the port: every prompt is 0.1 s of a tone whose pitch depends on the text. */
const toneTts: TextToSpeech = {
  name: 'tone',
  synthesize: async (text) =>
    Int16Array.from({ length: 1600 }, (_, i) => Math.round(6000 * Math.sin((2 * Math.PI * (300 + (text.length % 50) * 10) * i) / 16000))),
};

let base: string;
let flow: Flow;
let loop: MediaStreamLoop;
let close: () => Promise<void>;
const log = createMemoryEventLog();
/** A fake beside the port: what would reach the recording vault. */
const sink = {
  writes: [] as { id: string; samples: number }[],
  closed: [] as string[],
  write(id: string, frame: Int16Array) {
    this.writes.push({ id, samples: frame.length });
  },
  async close(id: string) {
    this.closed.push(id);
  },
};

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-stream-'));
  flow = await loadFlow();
  const compliance = await openSqliteStore(join(dir, 'compliance.db'));
  const app = new Hono();
  const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  injectWebSocket(server);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  loop = createMediaStreamLoop({
    providers: loadProviderConfigs([
      {
        name: 'twilio',
        audio: 'media-stream',
        priority: 1,
        costPerMinuteUsd: { inbound: 0, outbound: 0 },
        maxConcurrent: 5,
        baseUrl: 'https://api.twilio.com',
        credentials: { accountSid: 'AC0', authToken: AUTH_TOKEN },
      },
      {
        name: 'signalwire',
        audio: 'media-stream',
        priority: 2,
        costPerMinuteUsd: { inbound: 0, outbound: 0 },
        maxConcurrent: 5,
        baseUrl: 'https://example.signalwire.com',
        credentials: { projectId: 'p', apiToken: 't', signingKey: SIGNING_KEY },
      },
      {
        name: 'twilio-gather',
        kind: 'twilio',
        priority: 3,
        costPerMinuteUsd: { inbound: 0, outbound: 0 },
        maxConcurrent: 5,
        baseUrl: 'https://api.twilio.com',
        credentials: { accountSid: 'AC1', authToken: AUTH_TOKEN },
      },
    ]),
    publicBaseUrl: base,
    routeNumbers: { billing: '+14155550199' },
    flow,
    classifier: createEmbeddedClassifier(flow),
    compliance,
    eventLog: log,
    clock: createRealClock(),
    prompts: new PhonePromptCache(toneTts),
    recordings: sink,
  });
  app.route('/webhooks', loop.sockets(upgradeWebSocket));
  app.route('/webhooks', loop.app);
  close = async () => {
    loop.close();
    const closed = new Promise<void>((r) => server.close(() => r()));
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    await closed;
    await compliance.close();
    rmSync(dir, { recursive: true, force: true });
  };
});
afterAll(async () => close?.());

async function post(path: string, params: Record<string, string>) {
  const url = `${base}${path}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text() };
}

/** POSTs the signed voice webhook and reads the stream URL and parameters out of the TwiML. */
async function answer(callSid: string, from = EU_CALLER) {
  const { status, body } = await post('/webhooks/twilio/voice', { CallSid: callSid, AccountSid: 'AC0', From: from, To: '+4930000000' });
  expect(status).toBe(200);
  const url = /<Stream url="([^"]+)"/.exec(body)?.[1];
  const params = Object.fromEntries([...body.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]));
  const redirect = /<Redirect method="POST">([^<]+)<\/Redirect>/.exec(body)?.[1]?.replaceAll('&amp;', '&');
  if (!url || !redirect) throw new Error(`no stream in ${body}`);
  return { url, params: params as Record<string, string>, redirect, body };
}

describe('media stream loop (Twilio <Connect><Stream>)', () => {
  it('answers with a stream, runs consent and routing on the stream, then hands the call back for <Dial>', async () => {
    const { url, params, redirect, body } = await answer('CA1');
    expect(url).toBe(`${base.replace('http', 'ws')}/webhooks/twilio/media-stream`);
    expect(body.indexOf('</Connect>')).toBeLessThan(body.indexOf('<Redirect'));
    expect(params.from).toBe(EU_CALLER);
    const peer = new MediaStreamPeer(url, { callSid: 'CA1' });
    await peer.opened;
    peer.start(params);
    await peer.waitFor(() => peer.echoed.some((m) => m.startsWith('consent.announcement#')), 'the announcement played');
    // The announcement went out as μ-law of exactly the prompt's speech: the bridge's output path.
    const { text } = await consentAnnouncement(resolveJurisdiction(EU_CALLER, { channel: 'pstn' }), flow.language);
    const expected = toPhoneAudio(await toneTts.synthesize(text));
    expect(Buffer.from(peer.audioBefore('consent.announcement#')).equals(Buffer.from(expected))).toBe(true);
    // The caller's audio before consent is never recorded.
    await peer.speak(new Int16Array(1600).fill(500), 0);
    await new Promise((r) => setTimeout(r, 50));
    expect(sink.writes).toHaveLength(0);
    peer.dtmf('1'); // yes to recording
    await peer.waitFor(() => peer.echoed.some((m) => m.startsWith('greeting#')), 'the greeting played');
    await peer.speak(new Int16Array(1600).fill(500), 0);
    await peer.waitFor(() => sink.writes.length >= 5, 'consented audio in the recording');
    expect(sink.writes.every((w) => w.samples === 512 && w.id === sink.writes[0]?.id)).toBe(true);
    peer.dtmf('1'); // billing
    const closed = await peer.closed;
    expect(closed).toEqual({ code: CloseCodes.normal, reason: 'routed to billing' });
    expect(sink.closed).toContain(sink.writes[0]?.id);
    const after = await post(new URL(redirect).pathname + new URL(redirect).search, { CallSid: 'CA1', AccountSid: 'AC0' });
    expect(after.body).toContain('<Dial>+14155550199</Dial>');
    const logged = await types('CA1');
    expect(logged.filter((t) => t === 'caller.dtmf')).toHaveLength(2);
    expect(logged).toContain('prompt.finished');
    expect(logged).not.toContain('caller.hungup');
    // The carrier's status callback after the <Dial>: the handed-back call's end is logged too
    // (the agent who took it is freed by it), once, however often the carrier reports it.
    await loop.ended('twilio', 'CA1');
    await loop.ended('twilio', 'CA1');
    expect((await types('CA1')).filter((t) => t === 'caller.hungup')).toHaveLength(1);
  });

  it('closes the socket with a clear code for a bad token, a malformed message or media before start', async () => {
    const { url, params } = await answer('CA2');
    const attempt = async (act: (p: MediaStreamPeer) => void) => {
      const p = new MediaStreamPeer(url, { callSid: 'CA2' });
      await p.opened;
      act(p);
      return p.closed;
    };
    // One MAC character changed to a different one (always different: not a fixed suffix that the
    // real MAC can happen to end with).
    const forgedToken = (params.token ?? '').replace(/\.(.)/, (_all, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expect(await attempt((p) => p.start({ ...params, token: forgedToken }))).toEqual({
      code: CloseCodes.unauthorized,
      reason: 'stream token invalid',
    });
    expect(await attempt((p) => p.start({ ...params, from: '+14155550123' }))).toEqual({
      code: CloseCodes.unauthorized,
      reason: 'stream token invalid',
    });
    expect(await attempt((p) => p.start({ from: EU_CALLER }))).toEqual({ code: CloseCodes.unauthorized, reason: 'stream token missing' });
    expect(await attempt((p) => p.send('hello'))).toEqual({ code: CloseCodes.badMessage, reason: 'stream messages are JSON text' });
    expect(await attempt((p) => p.dtmf('1'))).toEqual({ code: CloseCodes.badMessage, reason: 'dtmf before start' });
    expect(await attempt((p) => p.send({ event: 'dtmf', streamSid: 'MZ1', sequenceNumber: '1', dtmf: { digit: 'x' } }))).toEqual({
      code: CloseCodes.badMessage,
      reason: 'invalid dtmf: dtmf.digit: one of 0-9, * or #',
    });
    // A forged voice webhook gets no token at all.
    const forged = await fetch(`${base}/webhooks/twilio/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'CallSid=CA3&From=%2B1&To=%2B1',
    });
    expect(forged.status).toBe(403);
  });

  it('answers SignalWire (cXML) the same way, verified with its signing key, and leaves carrier-speech providers alone', async () => {
    const url = `${base}/webhooks/signalwire/voice`;
    const params = { CallSid: 'sw-1', AccountSid: 'p', From: EU_CALLER, To: '+4930000000' };
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-signalwire-signature': twilio.getExpectedTwilioSignature(SIGNING_KEY, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    expect(body).toContain(`<Connect><Stream url="${base.replace('http', 'ws')}/webhooks/signalwire/media-stream">`);
    expect(body).toMatch(/<Redirect method="POST">[^<]*\/webhooks\/signalwire\/stream-ended\?call=pstn-signalwire-sw-1<\/Redirect>/);
    // A provider on carrier speech has no stream routes here (the Gather loop answers it).
    const gather = await fetch(`${base}/webhooks/twilio-gather/voice`, { method: 'POST' });
    expect(gather.status).toBe(404);
  });

  it('a stream that drops without stop is streamed again and the call resumes from its log', async () => {
    const first = await answer('CA5');
    const peer = new MediaStreamPeer(first.url, { callSid: 'CA5' });
    await peer.opened;
    peer.start(first.params);
    await peer.waitFor(() => peer.echoed.some((m) => m.startsWith('consent.announcement#')), 'the announcement played');
    peer.dtmf('1'); // consent
    await peer.waitFor(() => peer.received.some((m) => m.event === 'mark' && m.mark.name.startsWith('greeting#')), 'the greeting');
    peer.ws.terminate(); // the network drops: no stop, no close frame
    await peer.closed;
    // The carrier follows the <Redirect>; the IVR still has the call, so it is streamed again.
    let again = '';
    for (let i = 0; i < 40 && !again.includes('<Connect>'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = (await post(new URL(first.redirect).pathname + new URL(first.redirect).search, { CallSid: 'CA5', AccountSid: 'AC0' })).body;
    }
    expect(again).toContain('<Connect><Stream');
    const redirect = /<Redirect method="POST">([^<]+)<\/Redirect>/.exec(again)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(redirect).toContain('resume=1');
    const params = Object.fromEntries(
      [...again.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    const resumed = new MediaStreamPeer(first.url, { callSid: 'CA5', streamSid: 'MZ5resumed' });
    await resumed.opened;
    resumed.start(params);
    resumed.dtmf('1'); // billing: the consent given on the first stream still stands
    expect(await resumed.closed).toEqual({ code: CloseCodes.normal, reason: 'routed to billing' });
    expect(resumed.received.some((m) => m.event === 'mark' && m.mark.name.startsWith('consent.announcement'))).toBe(false);
    const logged = await types('CA5');
    expect(logged.filter((t) => t === 'call.connected')).toHaveLength(1);
    expect(logged.filter((t) => t === 'caller.dtmf')).toHaveLength(2);
    expect((await post(new URL(redirect).pathname + new URL(redirect).search, { CallSid: 'CA5', AccountSid: 'AC0' })).body).toContain(
      '<Dial>+14155550199</Dial>',
    );
  });

  it('stop from the carrier ends the call: caller.hungup is logged and the socket closes', async () => {
    const { url, params } = await answer('CA4');
    const peer = new MediaStreamPeer(url, { callSid: 'CA4' });
    await peer.opened;
    peer.start(params);
    await peer.waitFor(() => peer.received.some((m) => m.event === 'mark'), 'the first mark');
    peer.stop();
    expect(await peer.closed).toEqual({ code: CloseCodes.normal, reason: 'stream stopped' });
    expect((await types('CA4')).filter((t) => t === 'caller.hungup')).toHaveLength(1);
  });
});

async function types(callSid: string): Promise<string[]> {
  return (await log.read(`pstn-twilio-${callSid}`)).map((e) => e.type);
}
