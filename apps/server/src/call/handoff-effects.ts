import type { Effect } from '@switchboard/ivr';
import { dialString } from './agent-directory.js';
import type { QueuePosition } from './call-queue.js';
import type { RuntimeContext } from './runtime-context.js';

type Of<T extends Effect['type']> = Extract<Effect, { type: T }>;

/**
 * Joins the queue and tells the engine where the caller stands. An agent free at once is
 * reported after the position, so the engine sees the caller queued before it is picked. A line
 * nobody staffs has no estimate (null): the engine hears `agents.changed {available: 0}` instead
 * of a made-up wait, and degrades to voicemail (issue 5).
 */
export function joinQueue(ctx: RuntimeContext, queue: string, tag: string, opts: { announce: boolean }): void {
  let joined = false;
  const early: string[] = [];
  const picked = (agentId: string) => ctx.feed({ type: 'agent.available', id: `agent:${queue}:${agentId}`, queue, agentId });
  const moved = (p: QueuePosition, tag: string) => {
    if (p.ewtSeconds === null) ctx.feed({ type: 'agents.changed', id: `unstaffed:${queue}:${tag}`, queue, available: 0 });
    else
      ctx.feed({ type: 'queue.moved', id: `moved:${queue}:${tag}:${p.position}`, queue, position: p.position, ewtSeconds: p.ewtSeconds });
  };
  const place = ctx.queue.join(queue, {
    callId: ctx.callId,
    onAgent: (agentId) => (joined ? picked(agentId) : early.push(agentId)),
    onMoved: (p) => moved(p, String(ctx.clock.now() - ctx.memory.startedAtMs)),
  });
  joined = true;
  if (opts.announce && place.ewtSeconds !== null)
    ctx.emit({ type: 'queue.joined', queue, position: place.position, ewtSeconds: place.ewtSeconds });
  moved(place, tag);
  for (const agentId of early) picked(agentId);
}

export function leaveQueue(ctx: RuntimeContext, queue: string): void {
  ctx.queue.leave(queue, ctx.callId);
}

/**
 * Places the agent leg through the carriers (failover inside the placer), reporting every
 * attempt, then the `transfer` event: it means the agent leg is up. When no carrier can carry
 * it the engine hears `carrier.failed` and degrades (outage, or the callback/hold choice).
 */
export async function transfer(ctx: RuntimeContext, effect: Of<'transfer'>): Promise<void> {
  const c = ctx.memory.connected;
  const to = dialString(ctx.agents.endpoint(effect.to));
  // A console agent (or no carrier layer): the runtime executed the engine's own `transfer` event.
  if (!ctx.placer || !c || !to) return;
  const from = ctx.agents.callerId;
  if (!from) throw new Error(`transfer to ${effect.to}: no business caller ID configured (flow callerId)`);
  const outcome = await ctx.placer.place({
    to,
    // The business's verified number: the caller's own number on our leg would be spoofing it.
    from,
    // One key for this call's transfer to this agent: a retry never rings the agent twice.
    idempotencyKey: `${ctx.callId}:transfer:${effect.to}`,
    callType: c.tier === 'enterprise' ? 'enterprise_support' : 'inbound_transfer',
    tier: c.tier,
  });
  for (const a of outcome.attempts) ctx.emit({ type: 'carrier.attempt', provider: a.provider, ok: a.ok, error: a.error });
  if (outcome.ok) {
    ctx.emit({ type: 'transfer', mode: effect.mode, to: effect.to, summary: effect.summary });
    return;
  }
  // A refused agent leg (the agent's line busy) is lack of capacity, not an outage.
  const reason = outcome.reason === 'all-down' ? 'all-down' : 'capacity';
  ctx.logger.warn({ callId: ctx.callId, reason: outcome.reason }, 'transfer leg not placed');
  ctx.feed({ type: 'carrier.failed', id: `carrier.failed:transfer:${effect.to}`, reason });
}
