#!/usr/bin/env node
// `npm run bench:reply -w @switchboard/web`: reply latency end to end — from the end of the
// visitor's speech (the widget's VAD sends speech.end) to the first audio frame of the IVR's
// reply arriving in the page — in headless Chromium against the real Switchboard server with
// its embedded STT (pocketsphinx + flow grammar) and TTS (espeak-ng). One spoken turn per call
// (consent by the button, then "I was charged twice on my last invoice"); BENCH_CALLS calls.
// Prints p50/p95 with n and the server's own STT/TTS times from /metrics. Figures, not pass/fail.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const root = resolve(import.meta.dirname, '../../..');
const calls = Number(process.env.BENCH_CALLS ?? 4);
const LEAD_SECONDS = 26; // the consent announcement (~12 s) plays and is answered before the caller speaks

function makeSpeech(dir) {
  const sox = (...a) => execFileSync('sox', a, { stdio: 'pipe' });
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', join(dir, 'raw.wav'), 'I was charged twice on my last invoice']);
  sox(join(dir, 'raw.wav'), '-r', '16000', '-c', '1', '-b', '16', join(dir, 's.wav'));
  sox('-n', '-r', '16000', '-c', '1', '-b', '16', join(dir, 'lead.wav'), 'trim', '0', String(LEAD_SECONDS));
  sox('-n', '-r', '16000', '-c', '1', '-b', '16', join(dir, 'tail.wav'), 'trim', '0', '20');
  sox(join(dir, 'lead.wav'), join(dir, 's.wav'), join(dir, 'tail.wav'), join(dir, 'clean.wav'));
  const seconds = execFileSync('soxi', ['-D', join(dir, 'clean.wav')])
    .toString()
    .trim();
  sox('-n', '-r', '16000', '-c', '1', '-b', '16', join(dir, 'noise.wav'), 'synth', seconds, 'whitenoise', 'vol', '0.003');
  sox('-m', join(dir, 'clean.wav'), join(dir, 'noise.wav'), '-b', '16', join(dir, 'speech.wav'));
  return join(dir, 'speech.wav');
}

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

const dir = mkdtempSync(join(tmpdir(), 'switchboard-reply-'));
const wav = makeSpeech(dir);
execFileSync('npm', ['run', 'build', '-w', '@switchboard/web'], { cwd: root, stdio: 'pipe' });
const port = await freePort();
const url = `http://127.0.0.1:${port}/`;
// detached: its own process group, so the whole tree (npx/tsx → node) is ended at the end
const server = spawn(process.execPath, [join(root, 'apps/server/bin/switchboard.mjs'), 'serve'], {
  cwd: root,
  detached: true,
  stdio: 'ignore',
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SWITCHBOARD_DB: join(dir, 'sb.db'),
    SWITCHBOARD_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
  },
});
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
};
process.on('exit', stopServer);
for (let i = 0; ; i++) {
  const up = await fetch(`${url}healthz`)
    .then((r) => r.ok)
    .catch(() => false);
  if (up) break;
  if (i > 120) throw new Error('the server did not start in 60 s');
  await new Promise((r) => setTimeout(r, 500));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}%noloop`,
    '--autoplay-policy=no-user-gesture-required',
  ],
});
const samples = [];
let failures = 0;
try {
  for (let c = 0; c < calls; c++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(url);
      await page.waitForFunction(() => window.__switchboardStats?.vadReadyMs != null, null, { timeout: 60_000 });
      await page.getByRole('button', { name: 'Talk to us' }).click();
      const yes = page.getByRole('button', { name: 'Yes, record' });
      await yes.waitFor({ timeout: 60_000 });
      // enabled once the consent announcement has played to the end
      await page.waitForFunction(
        () => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Yes, record' && !b.disabled),
        null,
        {
          timeout: 60_000,
        },
      );
      await yes.click();
      await page.waitForFunction(() => window.__switchboardStats.snapshot().replyLatency.count > 0, null, { timeout: 90_000 });
      const s = await page.evaluate(() => window.__switchboardStats.snapshot());
      samples.push(s.replyLatency.p50);
      console.log(`call ${c + 1}: reply after ${Math.round(s.replyLatency.p50)} ms (${s.speechEnds} speech end)`);
    } catch (e) {
      failures++;
      console.log(`call ${c + 1}: no reply measured (${e instanceof Error ? e.message.split('\n')[0] : e})`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
}
const metrics = await fetch(`${url}metrics`)
  .then((r) => r.text())
  .catch(() => '');
stopServer();
rmSync(dir, { recursive: true, force: true });

const sorted = [...samples].sort((a, b) => a - b);
const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const mean = (name) => {
  const sum = Number(metrics.match(new RegExp(`^${name}_sum(?:\\{[^}]*\\})? ([\\d.e+-]+)`, 'm'))?.[1]);
  const count = Number(metrics.match(new RegExp(`^${name}_count(?:\\{[^}]*\\})? ([\\d.e+-]+)`, 'm'))?.[1]);
  return count > 0 ? `${Math.round((sum / count) * 1000)} ms mean over ${count}` : 'n/a';
};
console.log("\nreply latency: end of the visitor's speech → first audio of the reply (Chromium, real server, pocketsphinx + espeak-ng)");
if (sorted.length)
  console.log(
    `  p50 ${Math.round(at(50))} ms   p95 ${Math.round(at(95))} ms   (n=${sorted.length}${failures ? `, ${failures} calls without a reply` : ''})   aim ≤ 400 ms p50`,
  );
else console.log(`  no reply measured in ${calls} calls`);
console.log(`  server side: STT ${mean('switchboard_stt_seconds')}; TTS synthesis ${mean('switchboard_tts_seconds')}`);
console.log(`  (the widget's VAD ends a turn ${'~'}500 ms after the last word — REDEMPTION_MS — before this clock starts)`);
