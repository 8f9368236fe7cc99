// Per-call cost of the compliance functions on the call path, as percentiles (never pass/fail).
//   npm run bench -w @switchboard/compliance
import { performance } from 'node:perf_hooks';
import { chainEntry, maskCardDigits, resolveJurisdiction } from '../src/index.js';

function percentiles(label: string, samplesMs: number[]): void {
  const s = [...samplesMs].sort((a, b) => a - b);
  const at = (p: number) => (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0).toFixed(4);
  process.stdout.write(`${label.padEnd(34)} n=${s.length}  p50=${at(50)} ms  p99=${at(99)} ms\n`);
}

async function time(label: string, n: number, fn: (i: number) => unknown | Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await fn(i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  percentiles(label, samples);
}

const callers = ['+4930901820', '+14155552671', '+15125550100', '+14165550100', '+81312345678', 'anonymous', '+999123'];
const transcript = 'my card is 4111 1111 1111 1111 expiring 12/29 and the invoice was INV-20931 for 49.99 last Tuesday'.repeat(2);

await time('resolveJurisdiction', 5000, (i) => resolveJurisdiction(callers[i % callers.length] ?? 'anonymous'));
await time('maskCardDigits (200-char line)', 20000, () => maskCardDigits(transcript));
let prev: Awaited<ReturnType<typeof chainEntry>> | undefined;
await time('chainEntry (SHA-256, WebCrypto)', 5000, async (i) => {
  prev = await chainEntry(prev, {
    action: 'consent.decided',
    actor: 'system',
    at: '2026-11-25T12:00:00.000Z',
    payload: { i, decision: 'granted' },
  });
});
