/**
 * `npm run bench -w @switchboard/server`: the real server (child process) on this machine.
 * 1. Concurrent WebSocket audio streams with server VAD at the real 32 ms cadence: frames the
 *    server scored vs frames sent, streams cut off for falling behind, server CPU.
 * 2. End of speech → routing decision, excluding STT (a local instant transcription endpoint).
 * 3. Signed LiveKit webhooks at 500 requests per second: latency percentiles.
 * Prints figures only; never pass/fail on time (shared/STYLE.md).
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FRAME_SAMPLES, int16ToBytesLE, toFrames } from '@switchboard/audio';
import WebSocket from 'ws';
import { CallClient, createSession } from '../test/support/call-client.js';
import { participantEvent, signLiveKitWebhook } from '../test/support/livekit-signer.js';
import { freePort, startServerProcess } from '../test/support/server-process.js';
import { defaultFlow, espeakWav, readWav16k } from '../test/support/speech.js';
import { fmt, percentile } from './percentile.js';

const STREAM_COUNTS = (process.env.BENCH_STREAMS ?? '100,200,400').split(',').map(Number).filter((n) => n > 0);
const STREAM_SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 10);
const TURNS = Number(process.env.BENCH_TURNS ?? 40);
const LK = { apiKey: 'APIbench', apiSecret: 'bench-secret-long-enough-for-hs256-signing!' };

const cpuSeconds = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) / 100;
};
const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();
const valueIn = (text: string, name: string) => Number(text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm'))?.[1] ?? 0);
const metric = async (url: string, name: string) => valueIn(await scrape(url), name);
/** Prometheus histogram_quantile: linear within the bucket that holds the q-th observation. `only` picks one series by label text. */
const histogramQuantile = (text: string, name: string, q: number, only = '') => {
  const buckets = [...text.matchAll(new RegExp(`^${name}_bucket\\{([^}]*)\\} ([0-9.e+-]+)$`, 'gm'))]
    .filter((m) => (m[1] as string).includes(only))
    .map((m) => {
      const le = (m[1] as string).match(/le="([^"]+)"/)?.[1] ?? '+Inf';
      return { le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), n: Number(m[2]) };
    });
  const total = buckets.at(-1)?.n ?? 0;
  if (!total) return Number.NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevN = 0;
  for (const { le, n } of buckets) {
    if (n >= rank) return le === Number.POSITIVE_INFINITY ? prevLe : prevLe + ((le - prevLe) * (rank - prevN)) / Math.max(1, n - prevN);
    prevLe = le;
    prevN = n;
  }
  return prevLe;
};

async function main() {
  const flow = defaultFlow();
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const flowPath = join(dataDir, 'flow.json');
  // Short consent window keeps calls moving; see web-call.test.ts about the announcement timer.
  writeFileSync(flowPath, JSON.stringify({ ...flow, consent: { ...flow.consent, answerTimeoutMs: 25_000 } }));
  // A transcription endpoint that answers at once, so the turn figure excludes STT.
  const stt = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: 'I have a question about my invoice' })));
  });
  await new Promise<void>((r) => stt.listen(0, '127.0.0.1', r));
  const sttUrl = `http://127.0.0.1:${(stt.address() as AddressInfo).port}/v1`;
  const server = await startServerProcess({
    port: await freePort(),
    dataDir,
    // Hundreds of sessions from one loopback address: lift the per-address limit (docs/hostile-traffic.md).
    env: { SWITCHBOARD_SESSIONS_PER_IP_PER_MINUTE: '100000', SWITCHBOARD_SESSIONS_PER_MINUTE: '1000000', SWITCHBOARD_FLOW: flowPath, SWITCHBOARD_STT: 'openai', SWITCHBOARD_STT_URL: sttUrl, LIVEKIT_URL: 'wss://lk.bench.test', LIVEKIT_API_KEY: LK.apiKey, LIVEKIT_API_SECRET: LK.apiSecret, ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}) },
  });
  try {
    await runSections(server, flow);
  } finally {
    await server.stop();
    stt.close();
  }
}

/** The three measured sections, against one running server. */
async function runSections(server: Awaited<ReturnType<typeof startServerProcess>>, flow: ReturnType<typeof defaultFlow>) {
  const pid = server.proc.pid as number;
  console.log(`server pid ${pid} on ${server.url}; ${(await import('node:os')).cpus().length} cores`);
  const speechFrames = toFrames(readWav16k(espeakWav('I need help with my invoice, it was charged twice'))).map((f) => int16ToBytesLE(f));

  const noiseFrames = Array.from({ length: 16 }, () => int16ToBytesLE(new Int16Array(FRAME_SAMPLES).map(() => Math.round((Math.random() - 0.5) * 120))));
  // 1. Concurrent streams.
  console.log('\n# concurrent server-VAD streams at 32 ms cadence');
  console.log('streams  frames_sent  frames_scored  scored/sent  cut_off  server_cpu_cores  vad_batch_mean  vad_run_ms');
  for (const n of STREAM_COUNTS) {
    const sockets: WebSocket[] = [];
    let cut = 0;
    for (let i = 0; i < n; i++) {
      const s = await createSession(server.url);
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws/calls/${s.callId}`);
      await new Promise((r) => ws.once('open', r));
      ws.on('close', (code) => code === 1008 && cut++);
      ws.on('message', () => undefined);
      ws.send(JSON.stringify({ type: 'hello', resumeToken: s.resumeToken, lastSeq: 0, vad: 'server' }));
      sockets.push(ws);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const scored0 = await metric(server.url, 'switchboard_vad_batch_size_sum');
    const runs0 = await metric(server.url, 'switchboard_vad_batch_size_count');
    const vadSec0 = await metric(server.url, 'switchboard_vad_batch_seconds_sum');
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    let sent = 0;
    const ticks = Math.round((STREAM_SECONDS * 1000) / 32);
    for (let k = 0; k < ticks; k++) {
      // Low noise: Silero does the same work on any frame, and a stream that talks non-stop would
      // measure the engine's durable writes per turn (fsync), not the VAD (see the turn section).
      const frame = noiseFrames[k % noiseFrames.length] as Uint8Array<ArrayBuffer>;
      for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) {
        ws.send(frame);
        sent++;
      }
      const next = t0 + (k + 1) * 32;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
    await new Promise((r) => setTimeout(r, 500));
    const seconds = (performance.now() - t0) / 1000;
    const scored = (await metric(server.url, 'switchboard_vad_batch_size_sum')) - scored0;
    const runs = (await metric(server.url, 'switchboard_vad_batch_size_count')) - runs0;
    const end = await scrape(server.url);
    const vadMs = (1000 * (valueIn(end, 'switchboard_vad_batch_seconds_sum') - vadSec0)) / Math.max(1, runs);

    const cores = (cpuSeconds(pid) - cpu0) / seconds;
    console.log(`${String(n).padStart(7)}  ${String(sent).padStart(11)}  ${String(scored).padStart(13)}  ${fmt(scored / sent, 3).padStart(11)}  ${String(cut).padStart(7)}  ${fmt(cores).padStart(16)}  ${fmt(scored / Math.max(1, runs), 1).padStart(14)}  ${fmt(vadMs).padStart(10)}`);
    // Hang up, as a visitor's page does: calls left open would wait in the queue and keep
    // announcing positions (one new prompt each) through the next sections.
    for (const ws of sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'hangup', id: 'bench' }));
      ws.close();
    }
    await new Promise((r) => setTimeout(r, 1500));
  }

  // 2. End of speech → routing decision (excluding STT).
  console.log(`\n# end of speech (server VAD speech.end) → intent event, STT excluded (instant local endpoint), ${TURNS} calls`);
  const turns: number[] = [];
  const runTurn = async () => {
    const s = await createSession(server.url);
    const c = new CallClient(`ws://127.0.0.1:${server.port}/ws/calls/${s.callId}`);
    await c.opened;
    c.send({ type: 'hello', resumeToken: s.resumeToken, lastSeq: 0, vad: 'server' });
    await c.waitFor((m) => m.type === 'tts' && m.state === 'end' && m.promptId === 'consent.announcement', 60_000);
    await new Promise((r) => setTimeout(r, 300));
    c.send({ type: 'consent', id: 'c', answer: 'no' });
    await c.waitForEvent('prompt', { text: flow.greeting }, 30_000);
    for (const f of speechFrames) {
      c.ws.send(f);
      await new Promise((r) => setTimeout(r, 32));
    }
    const silence = int16ToBytesLE(new Int16Array(FRAME_SAMPLES).map(() => Math.round((Math.random() - 0.5) * 60)));
    const ender = setInterval(() => c.ws.readyState === WebSocket.OPEN && c.ws.send(silence), 32);
    await c.waitFor((m) => m.type === 'vad' && m.state === 'speech.end', 30_000);
    const ended = performance.now();
    await c.waitForEvent('intent', {}, 30_000);
    turns.push(performance.now() - ended);
    clearInterval(ender);
    c.close();
  };
  try {
    for (let i = 0; i < TURNS; i += 10) await Promise.all(Array.from({ length: Math.min(10, TURNS - i) }, runTurn));
  } catch (error) {
    console.error(`server log (tail):\n${server.output().slice(-4000)}`);
    throw error;
  }
  const text = await scrape(server.url);
  const serverTurn = (q: number) => fmt(1000 * histogramQuantile(text, 'switchboard_turn_seconds', q));
  const stt = valueIn(text, 'switchboard_stt_seconds_sum') / Math.max(1, valueIn(text, 'switchboard_stt_seconds_count'));
  console.log(`server, transcript → routing decision (switchboard_turn_seconds, ${valueIn(text, 'switchboard_turn_seconds_count')} turns): p50 ${serverTurn(0.5)} ms  p99 ${serverTurn(0.99)} ms  (goal p99 < 50 ms)`);
  console.log(`client, speech.end → intent event incl. the STT request (mean ${fmt(stt * 1000)} ms): p50 ${fmt(percentile(turns, 50))} ms  p99 ${fmt(percentile(turns, 99))} ms  max ${fmt(Math.max(...turns))} ms`);

  // 3. Webhooks at 500 rps.
  console.log('\n# signed LiveKit webhooks at 500 requests/s for 5 s (after 200 unmeasured warm-up requests)');
  const latencies: number[] = [];
  const trace: [number, number][] = [];
  let failures = 0;
  const bodies = await Promise.all(
    Array.from({ length: 2500 }, async (_, i) => {
      const body = participantEvent(`EV_bench_${i}`, 'participant_joined', 'call-none', { identity: `visitor-${i}`, kind: 'STANDARD' });
      return { body, auth: await signLiveKitWebhook(LK.apiKey, LK.apiSecret, body) };
    }),
  );
  // node:http with keep-alive, as a carrier's or LiveKit's sender would hold connections open;
  // Node 20's fetch spends 16–34 ms of its own per loopback request here (shared/FACTS.md).
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (url: string, body: string, headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  // Warm-up, not measured: a sender's keep-alive connections are open and the server's code is
  // compiled; the first ~100 ms of a cold run are connection set-up and JIT.
  for (let i = 0; i < 200; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, async (_, k) => {
        const body = participantEvent(`EV_warm_${i + k}`, 'participant_joined', 'call-none', { identity: `warm-${i + k}`, kind: 'STANDARD' });
        await post(`${server.url}/webhooks/livekit`, body, { 'content-type': 'application/webhook+json', authorization: await signLiveKitWebhook(LK.apiKey, LK.apiSecret, body) });
      }),
    );
  }
  const start = performance.now();
  await Promise.all(
    bodies.map(async ({ body, auth }, i) => {
      await new Promise((r) => setTimeout(r, Math.max(0, start + i * 2 - performance.now())));
      const t = performance.now();
      try {
        const status = await post(`${server.url}/webhooks/livekit`, body, { 'content-type': 'application/webhook+json', authorization: auth });
        if (status !== 200) failures++;
        latencies.push(performance.now() - t);
        trace.push([Math.round(t - start), Math.round(performance.now() - t)]);
      } catch {
        failures++;
      }
    }),
  );
  const rps = bodies.length / ((performance.now() - start) / 1000);
  console.log(`requests ${latencies.length}  achieved ${fmt(rps, 0)} rps  failed ${failures}  p50 ${fmt(percentile(latencies, 50))} ms  p90 ${fmt(percentile(latencies, 90))} ms  p99 ${fmt(percentile(latencies, 99))} ms  over 10 ms: ${latencies.filter((l) => l > 10).length}  (goal p99 < 10 ms)`);
  const hooks = await scrape(server.url);
  const lk = (q: number) => fmt(1000 * histogramQuantile(hooks, 'switchboard_webhook_seconds', q, 'source="livekit"'));
  console.log(`server-side handling (switchboard_webhook_seconds, warm-up included): p50 ${lk(0.5)} ms  p90 ${lk(0.9)} ms  p99 ${lk(0.99)} ms`);
  // BENCH_TRACE=1: [sent at ms, latency ms] of the slow ones, to see whether they cluster (a stall) or spread.
  if (process.env.BENCH_TRACE) console.log(JSON.stringify(trace.filter(([, l]) => l > 10).sort((a, b) => a[0] - b[0])));

  agent.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
