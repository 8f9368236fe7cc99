import { randomUUID } from 'node:crypto';

/** What a callee does when rung — the same person on every carrier. */
export type CalleeBehaviour = 'answer' | 'busy' | 'decline' | 'not-found' | 'no-answer' | 'network-480' | 'network-503';

export interface SimulatedCall {
  id: string;
  provider: string;
  to: string;
  from: string;
  idempotencyKey: string | null;
  createdAtMs: number;
  /** When the callee's answer (or refusal) happens. */
  settlesAtMs: number;
  behaviour: CalleeBehaviour;
  hungUp: boolean;
}

/**
 * Every dial across all simulators: tests assert on it (a key is never dialled twice), and a
 * carrier honours a repeated idempotency key by returning the first call.
 */
export class CallLedger {
  readonly calls: SimulatedCall[] = [];
  private readonly callees = new Map<string, CalleeBehaviour>();
  answerAfterMs = 0;

  setCallee(number: string, behaviour: CalleeBehaviour): void {
    this.callees.set(number, behaviour);
  }

  dial(provider: string, to: string, from: string, idempotencyKey: string | null, idPrefix: string): SimulatedCall {
    const existing = idempotencyKey ? this.calls.find((c) => c.provider === provider && c.idempotencyKey === idempotencyKey) : undefined;
    if (existing) return existing;
    const now = Date.now();
    const call: SimulatedCall = {
      id: `${idPrefix}${randomUUID().replaceAll('-', '')}`,
      provider,
      to,
      from,
      idempotencyKey,
      createdAtMs: now,
      settlesAtMs: now + this.answerAfterMs,
      behaviour: this.callees.get(to) ?? 'answer',
      hungUp: false,
    };
    this.calls.push(call);
    return call;
  }

  find(provider: string, id: string): SimulatedCall | undefined {
    return this.calls.find((c) => c.provider === provider && c.id === id);
  }

  /** How many distinct dials each idempotency key caused, across every carrier. */
  dialsPerKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of this.calls) if (c.idempotencyKey) counts.set(c.idempotencyKey, (counts.get(c.idempotencyKey) ?? 0) + 1);
    return counts;
  }
}

/** The call as the callee has treated it so far. */
export function progressOf(
  call: SimulatedCall,
  nowMs: number,
): { state: 'ringing' | 'answered' | 'ended'; sip: number | null; behaviour: CalleeBehaviour } {
  if (call.hungUp) return { state: 'ended', sip: 200, behaviour: call.behaviour };
  if (nowMs < call.settlesAtMs) return { state: 'ringing', sip: null, behaviour: call.behaviour };
  const sip = { answer: null, busy: 486, decline: 603, 'not-found': 404, 'no-answer': 487, 'network-480': 480, 'network-503': 503 }[
    call.behaviour
  ];
  return { state: call.behaviour === 'answer' ? 'answered' : 'ended', sip, behaviour: call.behaviour };
}
