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
  /**
   * Named agents per queue (the agent directory's roster). A rostered agent who takes a caller
   * is busy until `finished(callId)`; `setAvailable(n)` marks the first n agents not on a call free.
   */
  roster?: Readonly<Record<string, readonly string[]>>;
  /** Callers waiting in a queue after every change (the `switchboard_queue_size` gauge). */
  onSize?: (queue: string, waiting: number) => void;
}

interface Line {
  queue: Queue;
  members: Map<string, QueueMember>;
  served: number;
  /** Rostered lines: agent id → free, away, or the call they serve. */
  agents?: Map<string, 'free' | 'away' | { callId: string }>;
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
  const lines = new Map<string, Line>();
  /** Call id → the rostered line and agent serving it. */
  const serving = new Map<string, { line: Line; agentId: string; name: string }>();

  const line = (name: string): Line => {
    let l = lines.get(name);
    if (!l) {
      const rostered = options.roster?.[name];
      const agents = rostered ? rostered.length : (options.agents?.[name] ?? options.defaultAgents ?? 1);
      const { staffed, available } = typeof agents === 'number' ? { staffed: agents, available: agents } : agents;
      l = { queue: createQueue({ name, averageHandleSeconds, staffed, available }), members: new Map(), served: 0 };
      if (rostered) l.agents = new Map(rostered.map((id) => [id, 'free' as const]));
      lines.set(name, l);
    }
    return l;
  };
  /** Rostered lines: the queue's counts follow the agents' states. */
  const syncAgents = (l: Line): void => {
    if (!l.agents) return;
    const free = [...l.agents.values()].filter((a) => a === 'free').length;
    l.queue.setAgents({ staffed: l.agents.size, available: free });
  };
  const nextAgent = (name: string, l: Line): string => {
    if (!l.agents) return `${name}-agent-${l.served}`;
    const [id] = [...l.agents].find(([, a]) => a === 'free') ?? [];
    return id as string;
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
      const assignment = l.queue.agentFree(nextAgent(name, l), now());
      if (!assignment) break;
      if (l.agents) {
        l.agents.set(assignment.agentId, { callId: assignment.callId });
        serving.set(assignment.callId, { line: l, agentId: assignment.agentId, name });
      }
      const member = l.members.get(assignment.callId);
      l.members.delete(assignment.callId);
      member?.onAgent(assignment.agentId);
    }
    for (const n of l.queue.tick(now())) l.members.get(n.callId)?.onMoved(position(n));
    options.onSize?.(name, l.queue.stats(now()).waiting);
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
      const l = line(name);
      if (l.agents) {
        let freeing = available;
        for (const [id, a] of l.agents) if (typeof a === 'string') l.agents.set(id, freeing-- > 0 ? 'free' : 'away');
        syncAgents(l);
      } else l.queue.setAgents({ staffed: Math.max(staffed, available), available });
      settle(name);
    },
    finished(callId) {
      const served = serving.get(callId);
      if (!served) return;
      serving.delete(callId);
      served.line.agents?.set(served.agentId, 'free');
      syncAgents(served.line);
      settle(served.name);
    },
  };
}
