import { createQueue, type Queue, type QueueNotice } from '@switchboard/queue';
import type { CallQueue, QueueMember, QueuePosition } from './call-queue.js';

export interface MemoryCallQueueOptions {
  /**
   * Agents per queue before any `setAvailable`: a number is that many signed in and free;
   * `{staffed, available}` has some of them busy. `defaultAgents` for queues not named.
   */
  agents?: Record<string, number | { staffed: number; available: number }>;
  defaultAgents?: number;
  /** Starting average handle time per caller, for the wait estimate. */
  averageHandleSeconds?: number;
  /** Time for the queue's waited-ms bookkeeping (the runtime's clock); default: none (0). */
  nowMs?: () => number;
}

/**
 * The CallQueue port on @switchboard/queue's lines, one per route, in one process. The estimate
 * is that package's (agents finish at staffed / AHT, not the lesson's position × 180 s), and
 * null when nobody staffs the line: the runtime then tells the engine the line is unstaffed
 * instead of inventing a wait.
 *
 * `setAvailable(n, staffed)` reports agents signed in (`staffed`, default n) of which n are free
 * (the simulator's `agents` step). A free agent takes the head of the line at once.
 */
export function createMemoryCallQueue(options: MemoryCallQueueOptions = {}): CallQueue {
  const averageHandleSeconds = options.averageHandleSeconds ?? 180;
  const now = options.nowMs ?? (() => 0);
  const lines = new Map<string, { queue: Queue; members: Map<string, QueueMember>; served: number }>();

  const line = (name: string) => {
    let l = lines.get(name);
    if (!l) {
      const agents = options.agents?.[name] ?? options.defaultAgents ?? 1;
      const { staffed, available } = typeof agents === 'number' ? { staffed: agents, available: agents } : agents;
      l = { queue: createQueue({ name, averageHandleSeconds, staffed, available }), members: new Map(), served: 0 };
      lines.set(name, l);
    }
    return l;
  };
  const position = (n: QueueNotice): QueuePosition => ({ position: n.position, ewtSeconds: n.ewtSeconds });

  /** Idle agents take callers from the head; everyone whose place or estimate changed hears of it. */
  const settle = (name: string): void => {
    const l = line(name);
    for (;;) {
      const stats = l.queue.stats(now());
      if (stats.available === 0 || stats.waiting === 0) break;
      // agentFree hands the head to an agent without touching the idle count, so take the idle agent first.
      l.queue.setAgents({ staffed: stats.staffed, available: stats.available - 1 });
      l.served += 1;
      const assignment = l.queue.agentFree(`${name}-agent-${l.served}`, now());
      if (!assignment) break;
      const member = l.members.get(assignment.callId);
      l.members.delete(assignment.callId);
      member?.onAgent(assignment.agentId);
    }
    for (const n of l.queue.tick(now())) l.members.get(n.callId)?.onMoved(position(n));
  };

  return {
    join(name, member) {
      const l = line(name);
      l.members.set(member.callId, member);
      const place = position(l.queue.join(member.callId, now()));
      settle(name);
      return place;
    },
    position(name, callId) {
      const n = line(name).queue.positionOf(callId);
      return n ? position(n) : undefined;
    },
    leave(name, callId) {
      const l = line(name);
      l.members.delete(callId);
      if (l.queue.leave(callId)) settle(name);
    },
    setAvailable(name, available, staffed = available) {
      line(name).queue.setAgents({ staffed: Math.max(staffed, available), available });
      settle(name);
    },
  };
}
