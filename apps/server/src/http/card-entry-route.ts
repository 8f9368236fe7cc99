import type { ComplianceStore } from '@switchboard/compliance';
import type { Flow } from '@switchboard/protocol';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { requireStaff } from '../auth/staff-auth.js';
import type { TokenStore } from '../auth/token-store.js';
import { type CallSource, locateCall } from '../call/call-directory.js';
import type { EventLog } from '../call/event-log.js';

/** Printable ASCII, as an Idempotency-Key header carries; it becomes part of the engine input id. */
const RequestIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
const CardEntrySchema = z.strictObject({
  state: z.enum(['start', 'end']),
  /** The request's idempotency id (or send an Idempotency-Key header): a repeat has no second effect. */
  id: RequestIdSchema.optional(),
});
const CallIdSchema = z.string().min(1).max(200);

export interface CardEntryDeps {
  tokens: TokenStore;
  compliance: ComplianceStore;
  /** Where live calls are: the process's call directory, where every door's session lists itself. */
  sources: readonly CallSource[];
  /** This process's durable call log, which tells an ended call from an unknown one. */
  log: EventLog;
  flow: Flow;
}

const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');

/**
 * POST /api/calls/:id/card-entry `{"state":"start"|"end"}` — the agent's "take payment" button
 * (PCI DSS): the call's recording pauses and no speech or key reaches recognition, the
 * classifier, logs or transcripts until card entry ends (or the caller hangs up). Staff only;
 * each change of state is audited under the staff user, without card data.
 */
export function cardEntryRoute(deps: CardEntryDeps) {
  // One request per call at a time, so "did this request change card entry" is exact and two
  // racing clicks audit once.
  const busy = new Map<string, Promise<unknown>>();

  return new Hono<{ Variables: { staff: string } }>().post('/api/calls/:id/card-entry', requireStaff(deps.tokens), async (c) => {
    const callId = CallIdSchema.safeParse(c.req.param('id'));
    if (!callId.success) throw new HTTPException(400, { message: 'call id: 1 to 200 characters' });
    const body = CardEntrySchema.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) throw new HTTPException(400, { message: `send {"state":"start"|"end", "id"?} as JSON — ${issues(body.error)}` });
    const header = c.req.header('idempotency-key');
    const key = header === undefined ? undefined : RequestIdSchema.safeParse(header);
    if (key && !key.success) throw new HTTPException(400, { message: `Idempotency-Key: ${issues(key.error)}` });
    if (key && body.data.id !== undefined && key.data !== body.data.id)
      throw new HTTPException(400, { message: 'id and Idempotency-Key differ: send one, or the same value in both' });
    const requestId = key?.data ?? body.data.id ?? globalThis.crypto.randomUUID();

    const id = callId.data;
    const previous = busy.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => apply(id, body.data.state, requestId, c.get('staff')));
    busy.set(id, run);
    try {
      return c.json(await run);
    } finally {
      if (busy.get(id) === run) busy.delete(id);
    }
  });

  async function apply(callId: string, state: 'start' | 'end', requestId: string, staff: string) {
    const found = await locateCall(callId, deps);
    if (found.where === 'unknown')
      throw new HTTPException(404, { message: `no call ${callId} in this process (calls live in the process that took them)` });
    if (found.where === 'ended') throw new HTTPException(409, { message: `call ${callId} has ended` });
    if (found.where === 'not-live')
      throw new HTTPException(404, {
        message: `call ${callId} is not live on a socket or media stream in this process: it has left the IVR, waits for its caller to reconnect, or runs on the carrier's speech recognition (use the carrier's <Pay>)`,
      });
    const { call } = found;
    const before = call.status().cardEntry;
    const type = state === 'start' ? 'payment.started' : 'payment.ended';
    const outcome = await call.input({ type, id: `card-entry:${state}:${requestId}` });
    if (!outcome.accepted && outcome.reason === 'ended') throw new HTTPException(409, { message: `call ${callId} has ended` });
    if (!outcome.accepted && outcome.reason === 'not-connected')
      throw new HTTPException(409, { message: `call ${callId} is not connected yet` });
    const status = call.status();
    if (status.cardEntry !== before)
      // Who took the payment and when; the payload never holds card data.
      await deps.compliance.appendAudit({
        action: status.cardEntry ? 'card-entry.started' : 'card-entry.ended',
        actor: staff,
        callId,
        ...(status.recordingId ? { recordingId: status.recordingId } : {}),
        payload: { channel: call.channel, recording: status.recording },
      });
    // `recording` in the engine's words: off, deferred (starts when card entry ends), on, paused, stopped.
    return { callId, channel: call.channel, cardEntry: status.cardEntry, recording: status.recording };
  }
}
