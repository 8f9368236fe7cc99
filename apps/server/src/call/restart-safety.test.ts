import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '@switchboard/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { openCall } from '../../test/support/open-call.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a call survives kill -9 of its process', { timeout: 120_000 }, () => {
  it('resumes from the SQLite log with consent, recording and card entry intact, and carries on', async () => {
    const dbPath = join(dir, 'calls.db');
    // `node --import tsx` so the SIGKILL hits the process we wait on (tsx's CLI would fork a child).
    const script = join(import.meta.dirname, '../../test/support/crash-mid-call.ts');
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, dbPath, 'call-k'], { encoding: 'utf8', timeout: 60_000 });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    const before = JSON.parse(child.stdout.trim()) as CallEvent[];
    const started = before.find((e) => e.type === 'recording.started');
    expect(started).toBeDefined();
    // Issue 13: the pause is announced, so the last event is that prompt.
    expect(before.at(-2)).toMatchObject({ type: 'recording.paused', reason: 'pci' });
    expect(before.at(-1)).toMatchObject({ type: 'prompt', id: 'pciPaused' });

    const call = await openCall(dbPath, 'call-k');
    try {
      const { replayed } = await call.runtime.resume();
      expect(call.events).toEqual([]); // nothing re-emitted, no effect re-executed
      // Replay recomputes what the engine said; the runtime's own events (call.started, transcript, recording.*) are not replayed.
      const ownEvents = ['call.started', 'transcript', 'recording.started', 'recording.paused'];
      expect(replayed.map((e) => e.type)).toEqual(before.filter((e) => !ownEvents.includes(e.type)).map((e) => e.type));
      expect(call.runtime.state()).toMatchObject({ phase: 'listening', paying: true, recording: 'paused', consent: { status: 'granted' } });
      const recordingId = started?.type === 'recording.started' ? started.recordingId : '';
      expect(call.runtime.memory().recordingId).toBe(recordingId);
      expect(await call.compliance.consentsForCall('call-k')).toHaveLength(1);
      expect((await call.compliance.getRecording(recordingId))?.status).toBe('paused');

      // Redelivered inputs are recognised; the card digit was never logged, so it is refused again.
      expect(await call.runtime.input({ type: 'caller.said', id: 'said-yes', text: 'yes, you may record' })).toEqual({
        accepted: false,
        reason: 'duplicate',
      });
      expect(await call.runtime.input({ type: 'caller.dtmf', id: 'card-4', digit: '4' })).toEqual({
        accepted: false,
        reason: 'card-entry',
      });
      await call.runtime.input({ type: 'payment.ended', id: 'pay-1-end' });
      await call.runtime.input({ type: 'caller.dtmf', id: 'key-2', digit: '2' });
      await call.runtime.idle();
      expect(call.events.map((e) => e.type)).toEqual(expect.arrayContaining(['recording.resumed', 'intent', 'handoff']));
      expect(call.events.find((e) => e.type === 'intent')).toMatchObject({ intent: 'technical', via: 'dtmf' });
      expect((await call.compliance.getRecording(recordingId))?.status).toBe('active');
      expect(call.runtime.failures()).toEqual([]);
    } finally {
      await call.close();
    }
  });
});
