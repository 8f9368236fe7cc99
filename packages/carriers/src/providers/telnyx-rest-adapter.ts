import { z } from 'zod';
import { type CallStatus, type CarrierAdapter, CarrierError, type DialRequest, type LookupResult } from '../carrier-adapter.js';
import type { FetchLike } from '../clock.js';
import type { CallProgress } from '../dial-result.js';
import type { ProviderConfig } from '../provider-config.js';
import { dial, expectJson, toBase64 } from './http-json.js';

const DialReplySchema = z.looseObject({
  data: z.looseObject({ call_control_id: z.string().min(1), is_alive: z.boolean().optional() }),
});

const CallSchema = z.looseObject({
  call_control_id: z.string().min(1),
  is_alive: z.boolean(),
  client_state: z.string().nullable().optional(),
  // The call.hangup webhook's fields; the simulator also reports them on the resource.
  state: z.string().optional(),
  hangup_cause: z.string().nullable().optional(),
  sip_hangup_cause: z.string().nullable().optional(),
});

/** Telnyx `hangup_cause` (call.hangup payload) → our progress. */
const HANGUP: Record<string, CallProgress> = {
  normal_clearing: 'completed',
  user_busy: 'busy',
  no_answer: 'no-answer',
  timeout: 'no-answer',
  originator_cancel: 'canceled',
  call_rejected: 'failed',
  not_found: 'failed',
};
const HANGUP_SIP: Record<string, number> = { user_busy: 486, call_rejected: 603, not_found: 404 };

function statusOf(call: z.infer<typeof CallSchema>): CallStatus {
  const sip = call.sip_hangup_cause ? Number(call.sip_hangup_cause) : Number.NaN;
  const cause = call.hangup_cause ?? null;
  const sipStatus = Number.isFinite(sip) ? sip : cause ? (HANGUP_SIP[cause] ?? null) : null;
  if (call.is_alive) return { progress: call.state === 'answered' ? 'answered' : 'ringing', sipStatus: null };
  return { progress: cause ? (HANGUP[cause] ?? 'failed') : 'completed', sipStatus };
}

type TelnyxConfig = Extract<ProviderConfig, { kind: 'telnyx' }>;

/**
 * Telnyx Call Control v2 (`POST /v2/calls` = dial, JSON, Bearer key). Shapes from
 * telnyx-node `src/resources/calls/calls.ts` / `actions.ts`. The idempotency key rides in
 * `client_state` (base64, echoed on every webhook and on active-call listings) and
 * `command_id` (Telnyx ignores a repeat within 60 s).
 */
export function createTelnyxRestAdapter(config: TelnyxConfig, fetch: FetchLike): CarrierAdapter {
  const headers = { authorization: `Bearer ${config.credentials.apiKey}`, accept: 'application/json' };
  const jsonHeaders = { ...headers, 'content-type': 'application/json' };
  const api = `${config.baseUrl}/v2`;

  return {
    config,
    place(request: DialRequest, signal) {
      const body = JSON.stringify({
        connection_id: config.credentials.connectionId,
        to: request.to,
        from: request.from,
        webhook_url: request.statusCallbackUrl,
        client_state: toBase64(request.idempotencyKey),
        command_id: request.idempotencyKey,
      });
      const init = { method: 'POST', headers: { ...jsonHeaders, 'idempotency-key': request.idempotencyKey }, body };
      return dial(fetch, `${api}/calls`, init, signal, (json) => {
        const reply = DialReplySchema.safeParse(json);
        // Dial is asynchronous on Telnyx: busy/decline arrive later (call.hangup), seen by status().
        return reply.success ? { kind: 'placed', providerCallId: reply.data.data.call_control_id, progress: 'queued' } : null;
      });
    },

    async lookup({ idempotencyKey }, signal): Promise<LookupResult> {
      const url = `${api}/connections/${encodeURIComponent(config.credentials.connectionId)}/active_calls`;
      const list = z.looseObject({ data: z.array(CallSchema) }).safeParse(await expectJson(fetch, url, { method: 'GET', headers }, signal));
      if (!list.success) throw new CarrierError('garbage-response', true);
      const state = toBase64(idempotencyKey);
      const mine = list.data.data.find((c) => c.client_state === state);
      return mine ? { found: true, providerCallId: mine.call_control_id, ...statusOf(mine) } : { found: false, conclusive: false };
    },

    async status(providerCallId, signal) {
      const json = await expectJson(fetch, `${api}/calls/${encodeURIComponent(providerCallId)}`, { method: 'GET', headers }, signal);
      const call = z.looseObject({ data: CallSchema }).safeParse(json);
      if (!call.success) throw new CarrierError('garbage-response', true);
      return statusOf(call.data.data);
    },

    async hangup(providerCallId, signal) {
      const url = `${api}/calls/${encodeURIComponent(providerCallId)}/actions/hangup`;
      await expectJson(
        fetch,
        url,
        { method: 'POST', headers: jsonHeaders, body: JSON.stringify({ command_id: `hangup-${providerCallId}` }) },
        signal,
      );
    },

    async probe(signal) {
      const response = await fetch(`${config.baseUrl}${config.healthPath}`, { method: 'GET', signal });
      await response.body?.cancel();
      return response.status;
    },
  };
}
