/**
 * The queue port the runtime uses for `enqueue` effects. The in-memory implementation beside it
 * serves one process (and the simulator); a shared one (PostgreSQL, `FOR UPDATE SKIP LOCKED`)
 * implements the same port when several workers share callers.
 */
export interface QueuePosition {
  position: number;
  /** null when nobody staffs the line: the wait is unbounded, so no number is given. */
  ewtSeconds: number | null;
}

export interface QueueMember {
  callId: string;
  /** An agent picked this caller (the runtime feeds `agent.available`). */
  onAgent(agentId: string): void;
  /** The caller's place changed (the runtime feeds `queue.moved`). */
  onMoved(position: QueuePosition): void;
}

export interface CallQueue {
  join(queue: string, member: QueueMember): QueuePosition;
  position(queue: string, callId: string): QueuePosition | undefined;
  leave(queue: string, callId: string): void;
  /** Agents free to take callers in this queue (of `staffed` signed in, default the same); waiting callers are dispatched at once. */
  setAvailable(queue: string, available: number, staffed?: number): void;
  /** The call an agent took is over: that agent is free for the next caller. */
  finished(callId: string): void;
}
