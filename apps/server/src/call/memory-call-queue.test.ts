import { describe, expect, it } from 'vitest';
import type { QueueMember, QueuePosition } from './call-queue.js';
import { createMemoryCallQueue } from './memory-call-queue.js';

function member(callId: string, log: string[]): QueueMember {
  return {
    callId,
    onAgent: (agentId) => void log.push(`${callId}:agent:${agentId}`),
    onMoved: (p: QueuePosition) => void log.push(`${callId}:moved:${p.position}:${p.ewtSeconds}`),
  };
}

describe('memory call queue (on @switchboard/queue)', () => {
  it('gives an unstaffed line no estimate, then serves first come first served once an agent signs in', () => {
    const q = createMemoryCallQueue({ defaultAgents: 0, averageHandleSeconds: 120 });
    const log: string[] = [];
    expect(q.join('billing', member('a', log))).toEqual({ position: 1, ewtSeconds: null });
    expect(q.join('billing', member('b', log))).toEqual({ position: 2, ewtSeconds: null });
    q.setAvailable('billing', 1);
    expect(log).toEqual(['a:agent:billing-agent-1', 'b:moved:1:120']);
    expect(q.position('billing', 'a')).toBeUndefined();
    expect(q.position('billing', 'b')).toEqual({ position: 1, ewtSeconds: 120 });
  });

  it('divides the wait among the agents on the line, not position × a constant', () => {
    const q = createMemoryCallQueue({ defaultAgents: 0, averageHandleSeconds: 100 });
    const log: string[] = [];
    for (const id of ['a', 'b', 'c', 'd']) q.join('tech', member(id, log));
    q.setAvailable('tech', 2);
    // a and b went to the two agents; c and d wait for one of two busy agents to finish.
    expect(log.filter((l) => l.includes(':agent:'))).toEqual(['a:agent:tech-agent-1', 'b:agent:tech-agent-2']);
    expect(q.position('tech', 'c')).toEqual({ position: 1, ewtSeconds: 50 });
    expect(q.position('tech', 'd')).toEqual({ position: 2, ewtSeconds: 100 });
  });

  it('lets a line start with busy agents, so callers wait with an estimate', () => {
    const q = createMemoryCallQueue({ agents: { billing: { staffed: 3, available: 0 } }, averageHandleSeconds: 90 });
    const log: string[] = [];
    expect(q.join('billing', member('a', log))).toEqual({ position: 1, ewtSeconds: 30 });
    expect(log).toEqual([]);
  });

  it('hands a joining caller to an idle agent at once, and moves the line up when someone leaves', () => {
    const q = createMemoryCallQueue({ agents: { sales: 1 }, defaultAgents: 0 });
    const log: string[] = [];
    expect(q.join('sales', member('x', log))).toEqual({ position: 1, ewtSeconds: 0 });
    expect(log).toEqual(['x:agent:sales-agent-1']);
    q.setAvailable('other', 1);
    q.join('other', member('w', log));
    q.join('other', member('y', log));
    q.join('other', member('z', log));
    q.leave('other', 'y');
    expect(log.at(-1)).toBe('z:moved:1:180');
    expect(q.position('other', 'y')).toBeUndefined();
  });
});
