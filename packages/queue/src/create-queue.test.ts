import { describe, expect, it } from 'vitest';
import { createQueue } from './create-queue.js';

describe('createQueue', () => {
  const billing = () => createQueue({ name: 'billing', averageHandleSeconds: 240, staffed: 2, available: 0 });

  it('places callers in arrival order with an estimate from the staffing', () => {
    const q = billing();
    expect(q.join('a', 0)).toEqual({ callId: 'a', queue: 'billing', position: 1, ewtSeconds: 120 });
    expect(q.join('b', 1000)).toMatchObject({ position: 2, ewtSeconds: 240 });
    expect(q.join('a', 2000)).toMatchObject({ position: 1 }); // a replayed join keeps the place
    expect(q.stats(5000)).toMatchObject({ waiting: 2, longestWaitMs: 5000 });
  });

  it('a free agent takes the head of the line; the rest move up and are told', () => {
    const q = billing();
    q.join('a', 0);
    q.join('b', 0);
    q.join('c', 0);
    expect(q.tick(0)).toEqual([]);
    expect(q.agentFree('agent-1', 90_000)).toEqual({ callId: 'a', agentId: 'agent-1', queue: 'billing', waitedMs: 90_000 });
    expect(q.tick(90_000)).toEqual([
      { callId: 'b', queue: 'billing', position: 1, ewtSeconds: 120 },
      { callId: 'c', queue: 'billing', position: 2, ewtSeconds: 240 },
    ]);
    expect(q.tick(91_000)).toEqual([]);
  });

  it('leaving (callback, hang-up) moves everyone behind up', () => {
    const q = billing();
    q.join('a', 0);
    q.join('b', 0);
    expect(q.leave('a')).toBe(true);
    expect(q.leave('a')).toBe(false);
    expect(q.positionOf('b')).toMatchObject({ position: 1 });
    expect(q.positionOf('a')).toBeNull();
  });

  it('an agent with nobody waiting becomes idle, and the next caller waits 0', () => {
    const q = billing();
    expect(q.agentFree('agent-1', 0)).toBeNull();
    expect(q.join('a', 0)).toMatchObject({ position: 1, ewtSeconds: 0 });
  });

  it('staffing changes re-estimate; nobody staffed → null, not a made-up number', () => {
    const q = billing();
    q.join('a', 0);
    q.setAgents({ staffed: 4, available: 0 });
    expect(q.tick(0)).toEqual([{ callId: 'a', queue: 'billing', position: 1, ewtSeconds: 60 }]);
    q.setAgents({ staffed: 0, available: 0 });
    expect(q.tick(0)).toEqual([{ callId: 'a', queue: 'billing', position: 1, ewtSeconds: null }]);
  });

  it('learns the real handle time', () => {
    const q = createQueue({ name: 'tech', averageHandleSeconds: 100, staffed: 1, handleSmoothing: 0.5 });
    q.handled(300);
    expect(q.stats(0).averageHandleSeconds).toBe(200);
    q.handled(Number.NaN);
    expect(q.stats(0).averageHandleSeconds).toBe(200);
  });

  it('rejects bad options loudly', () => {
    expect(() => createQueue({ name: 'x', averageHandleSeconds: 0 })).toThrow(/averageHandleSeconds/);
    expect(() => createQueue({ name: 'x', averageHandleSeconds: 10, handleSmoothing: 2 })).toThrow(/handleSmoothing/);
  });
});
