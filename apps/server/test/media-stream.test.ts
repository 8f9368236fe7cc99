import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulawDecode, parseWav } from '@switchboard/audio';
import { CloseCodes } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaStreamPeer } from './support/media-stream-peer.js';
import { freePort, type ServerProcess, startServerProcess } from './support/server-process.js';
import { espeakWav } from './support/speech.js';

/**
 * The phone line on a Twilio media stream against the real server (child process, SQLite,
 * onnxruntime-node Silero, pocketsphinx, espeak-ng): the signed voice webhook, the stream URL
 * read out of its TwiML, and a `ws` peer that speaks Twilio's frames — μ-law 8 kHz in 20 ms
 * media messages in real time, marks echoed when the audio before them has played.
 */
const AUTH_TOKEN = 'media-stream-it-token';
const EU_CALLER = '+4930901820';
const ROUTE_NUMBER = '+14155550199';

describe('phone call on a Twilio media stream through server VAD and STT', () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sb-media-stream-'));
    const port = await freePort();
    const carriers = join(dataDir, 'carriers.json');
    writeFileSync(
      carriers,
      JSON.stringify({
        providers: [
          {
            name: 'twilio',
            audio: 'media-stream',
            priority: 1,
            costPerMinuteUsd: { inbound: 0.0085, outbound: 0.014 },
            maxConcurrent: 10,
            baseUrl: 'http://127.0.0.1:9', // nothing listens: health checks fail, inbound calls need no REST
            credentials: { accountSid: 'AC0', authToken: AUTH_TOKEN },
          },
        ],
        routes: { billing: ROUTE_NUMBER },
      }),
    );
    server = await startServerProcess({
      port,
      dataDir,
      env: { SWITCHBOARD_CARRIERS: carriers, SWITCHBOARD_PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'info' },
    });
  }, 120_000);
  afterAll(async () => server?.stop());

  const post = async (url: string, params: Record<string, string>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    return (await res.text()).replaceAll('&amp;', '&');
  };

  /** The carrier's side: voice webhook → TwiML → stream → connected/start. */
  const call = async (callSid: string, from = EU_CALLER) => {
    const twiml = await post(`${server.url}/webhooks/twilio/voice`, { CallSid: callSid, AccountSid: 'AC0', From: from, To: '+4930000000' });
    const url = /<Connect><Stream url="([^"]+)">/.exec(twiml)?.[1];
    const redirect = /<Redirect method="POST">([^<]+)<\/Redirect>/.exec(twiml)?.[1];
    const params = Object.fromEntries(
      [...twiml.matchAll(/<Parameter name="([^"]+)" value="([^"]+)"\/>/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    if (!url || !redirect) throw new Error(`no <Connect><Stream> in ${twiml}`);
    const peer = new MediaStreamPeer(url, { callSid });
    await peer.opened;
    peer.start(params);
    return { peer, redirect };
  };

  const logged = (callSid: string) => {
    const db = new Database(join(dataDir, 'switchboard-calls.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT body FROM call_events WHERE call_id = ? ORDER BY seq').all(`pstn-twilio-${callSid}`) as {
        body: string;
      }[];
      return rows.map((r) => JSON.parse(r.body) as { type: string; text?: string; digit?: string; classification?: { intent: string } });
    } finally {
      db.close();
    }
  };

  /** Consent by keypad once the announcement has played whole (EU: explicit opt-in). */
  const consent = async (peer: MediaStreamPeer) => {
    await peer.waitFor(() => peer.echoed.some((m) => m.startsWith('consent.announcement#')), 'the announcement to play', 60_000);
    peer.dtmf('1');
    await peer.waitFor(() => peer.received.some((m) => m.event === 'mark' && m.mark.name.startsWith('greeting#')), 'the greeting', 30_000);
  };

  it('plays the consent announcement as μ-law media then a mark, routes on a DTMF digit, and hands the call back to <Dial>', async () => {
    const { peer, redirect } = await call('CA0000000000000000000000000000dt01');
    await consent(peer);
    // The announcement: seconds of espeak-ng speech as 8 kHz μ-law (no header), then its mark.
    const firstMark = peer.received.findIndex((m) => m.event === 'mark');
    expect(peer.received.slice(0, firstMark).every((m) => m.event === 'media')).toBe(true);
    const announcement = peer.audioBefore('consent.announcement#');
    expect(announcement.length / 8000).toBeGreaterThan(3);
    const pcm = mulawDecode(announcement);
    expect(Math.max(...pcm.subarray(0, 8000 * 3).map(Math.abs))).toBeGreaterThan(2000); // speech, not silence
    // Issue 13: a key pressed within 2 s of the consent key, before the greeting was heard, is
    // part of a keyed string (never stored); a caller presses the menu key after hearing it.
    await peer.waitFor(() => peer.echoed.some((m) => m.startsWith('greeting#')), 'the greeting to play', 30_000);
    peer.dtmf('1'); // billing, from the keypad
    expect(await peer.closed).toEqual({ code: CloseCodes.normal, reason: 'routed to billing' });
    // Twilio now runs the <Redirect> after <Connect>: we answer with the route's number.
    expect(await post(redirect, { CallSid: 'CA0000000000000000000000000000dt01', AccountSid: 'AC0' })).toContain(
      `<Dial>${ROUTE_NUMBER}</Dial>`,
    );
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_intents_total\{channel="pstn",intent="billing",route="billing",via="dtmf"\} 1/);
    expect(metrics).toMatch(/switchboard_consent_total\{decision="granted",method="dtmf"\} 1/);
  }, 120_000);

  it('stop from the carrier ends the call: the socket closes and caller.hungup is in the call log', async () => {
    const callSid = 'CA0000000000000000000000000000st01';
    const { peer } = await call(callSid);
    await peer.waitFor(() => peer.received.some((m) => m.event === 'media'), 'the announcement audio');
    peer.stop();
    expect(await peer.closed).toEqual({ code: CloseCodes.normal, reason: 'stream stopped' });
    expect(logged(callSid).map((e) => e.type)).toEqual(['call.connected', 'caller.hungup']);
  }, 60_000);

  it('hears spoken 8 kHz sentences with server VAD (barge-in clears the greeting) and passes them to speech recognition', async () => {
    const sentences = [
      { text: 'I need help with my invoice', intent: 'billing', voice: 'en-us' },
      { text: 'my internet connection is not working', intent: 'technical', voice: 'en-gb' },
      { text: 'I want to buy a new phone plan', intent: 'sales', voice: 'en-us' },
    ];
    const results = await Promise.all(
      sentences.map(async (s, i) => {
        const callSid = `CA0000000000000000000000000000sp0${i}`;
        const { peer } = await call(callSid);
        await consent(peer);
        const { samples, sampleRate } = parseWav(readFileSync(espeakWav(s.text, { rate: 8000, voice: s.voice })));
        expect(sampleRate).toBe(8000);
        // The caller talks over the greeting, in real time, 20 ms a frame.
        await peer.speak(Int16Array.from(samples, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32768)))));
        await peer.speak(new Int16Array(8000 * 2).map(() => Math.round((Math.random() - 0.5) * 60))); // trailing line noise
        // Server VAD heard speech during an interruptible prompt: the server cleared Twilio's buffer.
        await peer.waitFor(() => peer.received.some((m) => m.event === 'clear'), 'a clear (barge-in)', 20_000);
        await peer.waitFor(
          () =>
            server
              .output()
              .split('\n')
              .some((l) => l.includes('utterance detected') && l.includes(callSid)),
          'the utterance',
          20_000,
        );
        // The utterance went to speech recognition (pocketsphinx, 16 kHz upsampled from the phone's 8 kHz).
        await peer.waitFor(
          () =>
            server
              .output()
              .split('\n')
              .some((l) => l.includes('utterance recognised') && l.includes(callSid)),
          'recognition',
          45_000,
        );
        await peer
          .waitFor(() => logged(callSid).some((e) => e.type === 'caller.said') || peer.ws.readyState !== 1, 'the said input', 5_000)
          .catch(() => undefined);
        const said = logged(callSid).find((e) => e.type === 'caller.said');
        if (peer.ws.readyState === 1) peer.stop(); // the caller hangs up
        const closed = await peer.closed;
        return { expected: s.intent, text: said?.text ?? '', intent: said?.classification?.intent ?? 'none', closed: closed.reason };
      }),
    );
    // Each caller consented before speaking: their audio is in the encrypted vault, one file a call.
    const recorded = readdirSync(join(dataDir, 'recordings'));
    expect(recorded.length).toBeGreaterThanOrEqual(sentences.length);
    expect(Math.min(...recorded.map((f) => statSync(join(dataDir, 'recordings', f)).size))).toBeGreaterThan(16_000 * 2);
    const routed = results.filter((r) => r.intent === r.expected).length;
    // Reported, not asserted: 8 kHz recognition is weak (FACTS.md); DTMF is the dependable route.
    console.log(
      `8 kHz media-stream speech routing: ${routed}/${results.length} correct\n${results.map((r) => `  ${r.expected}: heard "${r.text}" → ${r.intent} (${r.closed})`).join('\n')}`,
    );
  }, 180_000);
});
