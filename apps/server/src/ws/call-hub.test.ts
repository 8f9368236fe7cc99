import { createMemoryComplianceStore } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import type { CallEvent } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultFlow } from '../../test/support/speech.js';
import { createTokenStore } from '../auth/token-store.js';
import { createMemoryCallQueue } from '../call/memory-call-queue.js';
import { createSqliteEventLog } from '../call/sqlite-event-log.js';
import { SimulatedClock } from '../clock/simulated-clock.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { CallHub } from './call-hub.js';
import { createSqliteOutbox } from './event-outbox.js';
import type { CallSocket } from './live-call.js';

function build(reconnectGraceMs: number) {
  const db = new Database(':memory:');
  const flow = defaultFlow();
  const clock = new SimulatedClock();
  const outbox = createSqliteOutbox(db);
  const hub = new CallHub(
    {
      flow,
      classifier: createEmbeddedClassifier(flow),
      compliance: createMemoryComplianceStore(),
      eventLog: createSqliteEventLog(db),
      outbox,
      clock,
      logger: createLogger({ level: 'silent' }),
      metrics: createMetrics(),
      queue: createMemoryCallQueue(),
      reconnectGraceMs,
    },
    createTokenStore(db),
    { resumeTokenTtlMs: 3_600_000 },
  );
  const socket = (): CallSocket => ({ sendJson: () => true, sendBinary: () => true, close: () => undefined });
  const events = (callId: string): CallEvent['type'][] => outbox.since(callId, 0).map((e) => e.event.type);
  return { hub, clock, socket, events };
}

describe('CallHub: visitors who do not come back', () => {
  it('ends a detached call as abandoned after the grace period and lets it leave memory', async () => {
    const { hub, clock, socket, events } = build(120_000);
    const { callId } = hub.createSession();
    const call = await hub.open(callId);
    const s = socket();
    call.attach(s, 'browser', 0);
    expect(hub.size).toBe(1);
    call.detach(s);
    await clock.advance(119_000);
    expect(events(callId)).not.toContain('call.ended');
    await clock.advance(2_000);
    expect(events(callId).filter((t) => t === 'call.ended')).toHaveLength(1);
    expect(hub.size).toBe(0);
    // A late reconnect still rebuilds the call from its log to replay what was missed.
    expect((await hub.open(callId)).callId).toBe(callId);
  });

  it('keeps the call when the visitor reconnects within the grace period', async () => {
    const { hub, clock, socket, events } = build(120_000);
    const { callId } = hub.createSession();
    const call = await hub.open(callId);
    const first = socket();
    call.attach(first, 'browser', 0);
    call.detach(first);
    await clock.advance(60_000);
    call.attach(socket(), 'browser', 0);
    await clock.advance(600_000);
    expect(events(callId)).not.toContain('call.ended');
    expect(hub.size).toBe(1);
  });
});
