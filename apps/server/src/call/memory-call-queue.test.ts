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

describe('memory call queue', () => {
  it('serves callers first come first served as agents become free, moving the rest up', () => {
    const q = createMemoryCallQueue({ defaultAgents: 0, averageHandleSeconds: 120 });
    const log: string[] = [];
    q.setAvailable('billing', 0);
    expect(q.join('billing', member('a', log))).toEqual({ position: 1, ewtSeconds: 120 });
    expect(q.join('billing', member('b', log))).toEqual({ position: 2, ewtSeconds: 240 });
    expect(q.join('billing', member('c', log))).toEqual({ position: 3, ewtSeconds: 360 });
    q.setAvailable('billing', 1);
    expect(log).toEqual(['a:agent:billing-agent-1', 'b:moved:1:120', 'c:moved:2:240']);
    expect(q.position('billing', 'a')).toBeUndefined();
    expect(q.position('billing', 'c')).toEqual({ position: 2, ewtSeconds: 240 });
  });

  it('divides the estimate among the agents staffing the line, not position × a constant', () => {
    const q = createMemoryCallQueue({ defaultAgents: 0, averageHandleSeconds: 100 });
    const log: string[] = [];
    for (const id of ['a', 'b', 'c', 'd']) q.join('tech', member(id, log));
    expect(q.position('tech', 'd')).toEqual({ position: 4, ewtSeconds: 400 });
    q.setAvailable('tech', 2);
    // a and b are served; c and d are now first and second with two agents on the line.
    expect(q.position('tech', 'c')).toEqual({ position: 1, ewtSeconds: 100 });
    expect(q.position('tech', 'd')).toEqual({ position: 2, ewtSeconds: 100 });
  });

  it('gives an immediately free agent to a joining caller and lets a caller leave', () => {
    const q = createMemoryCallQueue({ agents: { sales: 1 }, defaultAgents: 0 });
    const log: string[] = [];
    expect(q.join('sales', member('x', log))).toEqual({ position: 1, ewtSeconds: 0 });
    expect(log).toEqual(['x:agent:sales-agent-1']);
    q.join('other', member('y', log));
    q.join('other', member('z', log));
    q.leave('other', 'y');
    expect(log.at(-1)).toBe('z:moved:1:180');
    expect(q.position('other', 'y')).toBeUndefined();
  });
});
