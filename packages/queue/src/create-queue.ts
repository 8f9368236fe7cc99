import { estimateWaitSeconds } from './estimate-wait.js';

/**
 * One waiting line for one route (billing, technical, representative …). Pure and in-memory:
 * no clock, no timers — every call that needs the time takes `nowMs` from the caller's injected
 * clock, so a 20-minute hold runs in microseconds in tests and in `switchboard simulate`.
 *
 * How the call runtime drives it (apps/server/src/call):
 *  - engine effect `enqueue {queue, context}` → `join(callId, nowMs)`; emit `queue.joined` with
 *    the returned position/ewtSeconds and feed the engine `queue.moved` with the same numbers
 *    (the engine speaks the first one as "you are number N …").
 *  - `leaveQueue` effect or caller hang-up → `leave(callId)`.
 *  - agents sign in/out → `setAgents({ staffed, available })`; feed the engine
 *    `agents.changed {queue, available: staffed}` when staffing drops to 0 (→ voicemail).
 *  - an agent finishes → `handled(handleSeconds)` (learns the real average handle time), then
 *    `agentFree(agentId, nowMs)`: returns the caller it should take (feed that caller's engine
 *    `agent.available {queue, agentId}` → warm transfer), or null (the agent is now idle).
 *  - after any of these, and on a regular beat of the runtime's clock, `tick(nowMs)` lists the
 *    callers whose position or estimate changed: feed each one's engine `queue.moved`.
 *    The engine itself speaks the 60-second updates (its own timer) and emits `queue.update`.
 *
 * `ewtSeconds` is null when nobody staffs the queue (see estimate-wait.ts); don't invent one.
 */
export interface QueueOptions {
  name: string;
  /** Starting average handle time; refined by `handled`. */
  averageHandleSeconds: number;
  staffed?: number;
  available?: number;
  /** Weight of the newest handle time in the running average (exponential smoothing). */
  handleSmoothing?: number;
}

export interface QueueNotice {
  callId: string;
  queue: string;
  position: number;
  ewtSeconds: number | null;
}

export interface Assignment {
  callId: string;
  agentId: string;
  queue: string;
  waitedMs: number;
}

export interface QueueStats {
  queue: string;
  waiting: number;
  longestWaitMs: number;
  staffed: number;
  available: number;
  averageHandleSeconds: number;
}

export interface Queue {
  readonly name: string;
  join(callId: string, nowMs: number): QueueNotice;
  leave(callId: string): boolean;
  setAgents(agents: { staffed: number; available: number }): void;
  agentFree(agentId: string, nowMs: number): Assignment | null;
  handled(handleSeconds: number): void;
  tick(nowMs: number): QueueNotice[];
  positionOf(callId: string): QueueNotice | null;
  stats(nowMs: number): QueueStats;
}

interface Member {
  callId: string;
  joinedAtMs: number;
  lastNotice: { position: number; ewtSeconds: number | null } | null;
}

export function createQueue(options: QueueOptions): Queue {
  if (!options.name) throw new Error('createQueue: name is required');
  if (!(options.averageHandleSeconds > 0)) throw new Error('createQueue: averageHandleSeconds must be > 0');
  const smoothing = options.handleSmoothing ?? 0.2;
  if (!(smoothing > 0 && smoothing <= 1)) throw new Error('createQueue: handleSmoothing must be in (0, 1]');

  const members: Member[] = [];
  let staffed = options.staffed ?? 1;
  let available = options.available ?? 0;
  let averageHandleSeconds = options.averageHandleSeconds;

  const notice = (index: number): QueueNotice => {
    const m = members[index] as Member;
    const position = index + 1;
    return {
      callId: m.callId,
      queue: options.name,
      position,
      ewtSeconds: estimateWaitSeconds({ position, staffed, available, averageHandleSeconds }),
    };
  };

  return {
    name: options.name,
    join(callId, nowMs) {
      const existing = members.findIndex((m) => m.callId === callId);
      // Joining twice (a replayed effect after a restart) keeps the original place.
      const index = existing >= 0 ? existing : members.push({ callId, joinedAtMs: nowMs, lastNotice: null }) - 1;
      const n = notice(index);
      (members[index] as Member).lastNotice = { position: n.position, ewtSeconds: n.ewtSeconds };
      return n;
    },
    leave(callId) {
      const index = members.findIndex((m) => m.callId === callId);
      if (index < 0) return false;
      members.splice(index, 1);
      return true;
    },
    setAgents(agents) {
      staffed = Math.max(0, Math.floor(agents.staffed));
      available = Math.max(0, Math.min(staffed, Math.floor(agents.available)));
    },
    agentFree(agentId, nowMs) {
      const head = members.shift();
      if (head === undefined) {
        available = Math.min(staffed, available + 1);
        return null;
      }
      return { callId: head.callId, agentId, queue: options.name, waitedMs: Math.max(0, nowMs - head.joinedAtMs) };
    },
    handled(handleSeconds) {
      if (!(handleSeconds >= 0) || !Number.isFinite(handleSeconds)) return;
      averageHandleSeconds = averageHandleSeconds * (1 - smoothing) + handleSeconds * smoothing;
    },
    tick() {
      const changed: QueueNotice[] = [];
      members.forEach((m, index) => {
        const n = notice(index);
        if (m.lastNotice?.position === n.position && m.lastNotice.ewtSeconds === n.ewtSeconds) return;
        m.lastNotice = { position: n.position, ewtSeconds: n.ewtSeconds };
        changed.push(n);
      });
      return changed;
    },
    positionOf(callId) {
      const index = members.findIndex((m) => m.callId === callId);
      return index < 0 ? null : notice(index);
    },
    stats(nowMs) {
      const oldest = members[0];
      return {
        queue: options.name,
        waiting: members.length,
        longestWaitMs: oldest ? Math.max(0, nowMs - oldest.joinedAtMs) : 0,
        staffed,
        available,
        averageHandleSeconds,
      };
    },
  };
}
