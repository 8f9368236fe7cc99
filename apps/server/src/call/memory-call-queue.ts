import type { CallQueue, QueueMember, QueuePosition } from './call-queue.js';

export interface MemoryCallQueueOptions {
  /** Free agents per queue before any `setAvailable`; `defaultAgents` for queues not named. */
  agents?: Record<string, number>;
  defaultAgents?: number;
  /** Average handling time per caller, for the wait estimate. */
  averageHandleSeconds?: number;
}

interface QueueState {
  waiting: QueueMember[];
  available: number;
  /** Agents working this queue as last reported: the estimate divides the line among them. */
  staffed: number;
  served: number;
}

/**
 * A first-come, first-served queue in one process. The wait estimate is
 * ceil(position / staffed agents) × average handle time — the lesson's position × 180 s
 * (a known defect, shared/reference) ignores how many agents work the line.
 */
export function createMemoryCallQueue(options: MemoryCallQueueOptions = {}): CallQueue {
  const averageHandleSeconds = options.averageHandleSeconds ?? 180;
  const queues = new Map<string, QueueState>();
  const get = (name: string): QueueState => {
    let q = queues.get(name);
    if (!q) {
      const agents = options.agents?.[name] ?? options.defaultAgents ?? 1;
      q = { waiting: [], available: agents, staffed: agents, served: 0 };
      queues.set(name, q);
    }
    return q;
  };
  const estimate = (q: QueueState, index: number): QueuePosition => ({
    position: index + 1,
    ewtSeconds: q.available > index ? 0 : Math.ceil((index + 1) / Math.max(1, q.staffed)) * averageHandleSeconds,
  });
  const dispatch = (name: string, q: QueueState): void => {
    let moved = false;
    while (q.available > 0 && q.waiting.length > 0) {
      const member = q.waiting.shift() as QueueMember;
      q.available -= 1;
      q.served += 1;
      moved = true;
      member.onAgent(`${name}-agent-${q.served}`);
    }
    if (!moved) return;
    for (const [i, m] of q.waiting.entries()) m.onMoved(estimate(q, i));
  };
  return {
    join(name, member) {
      const q = get(name);
      q.waiting = q.waiting.filter((m) => m.callId !== member.callId);
      q.waiting.push(member);
      const place = estimate(q, q.waiting.length - 1);
      dispatch(name, q);
      return place;
    },
    position(name, callId) {
      const q = get(name);
      const i = q.waiting.findIndex((m) => m.callId === callId);
      return i < 0 ? undefined : estimate(q, i);
    },
    leave(name, callId) {
      const q = get(name);
      const i = q.waiting.findIndex((m) => m.callId === callId);
      if (i < 0) return;
      q.waiting.splice(i, 1);
      for (const [j, m] of q.waiting.slice(i).entries()) m.onMoved(estimate(q, i + j));
    },
    setAvailable(name, available) {
      const q = get(name);
      q.available = available;
      q.staffed = available;
      dispatch(name, q);
    },
  };
}
