import { z } from 'zod';
import { type CallStatus, type CarrierAdapter, CarrierError, type DialRequest, type LookupResult } from '../carrier-adapter.js';
import type { FetchLike } from '../clock.js';
import { type CallProgress, resultOfProgress } from '../dial-result.js';
import type { ProviderConfig } from '../provider-config.js';
import { basicAuth, dial, expectJson } from './http-json.js';

/** Twilio call statuses (REST Call resource) → ours. */
const PROGRESS: Record<string, CallProgress> = {
  queued: 'queued',
  initiated: 'queued',
  ringing: 'ringing',
  'in-progress': 'answered',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
};

const CallSchema = z.looseObject({
  sid: z.string().min(1),
  status: z.string().refine((s) => s in PROGRESS, 'a Twilio call status'),
  date_created: z.string().nullable().optional(),
  // Twilio reports the SIP final in status callbacks (SipResponseCode); the simulator also puts
  // it on the resource. Absent on the real REST resource → null.
  sip_response_code: z.number().int().nullable().optional(),
});
const CallListSchema = z.looseObject({ calls: z.array(CallSchema) });

type LamlConfig = Extract<ProviderConfig, { kind: 'twilio' } | { kind: 'signalwire' }>;

/**
 * Twilio's REST Calls API and SignalWire's LaML copy of it (same form fields, same JSON;
 * SignalWire prefixes `/api/laml` and authenticates with ProjectID:APIToken). Hand-written
 * over fetch rather than the `twilio` SDK client because the router must own timeouts and
 * the HTTP port (the SDK brings its own axios stack and cannot be pointed at a simulator
 * per request). Shapes: twilio-node `src/rest/api/v2010/account/call.ts`.
 */
export function createLamlRestAdapter(config: LamlConfig, fetch: FetchLike): CarrierAdapter {
  const [user, password, root] =
    config.kind === 'twilio'
      ? [
          config.credentials.accountSid,
          config.credentials.authToken,
          `${config.baseUrl}/2010-04-01/Accounts/${config.credentials.accountSid}`,
        ]
      : [
          config.credentials.projectId,
          config.credentials.apiToken,
          `${config.baseUrl}/api/laml/2010-04-01/Accounts/${config.credentials.projectId}`,
        ];
  const headers = { authorization: basicAuth(user, password), accept: 'application/json' };
  const formHeaders = { ...headers, 'content-type': 'application/x-www-form-urlencoded' };

  const toStatus = (call: z.infer<typeof CallSchema>): CallStatus => ({
    progress: PROGRESS[call.status] ?? 'failed',
    sipStatus: call.sip_response_code ?? null,
  });

  return {
    config,
    place(request: DialRequest, signal) {
      const body = new URLSearchParams({
        To: request.to,
        From: request.from,
        Url: request.answerUrl,
        StatusCallback: request.statusCallbackUrl,
        StatusCallbackEvent: 'initiated ringing answered completed',
      });
      // Real Twilio ignores this header; the lookup below is what prevents a double dial.
      const init = { method: 'POST', headers: { ...formHeaders, 'idempotency-key': request.idempotencyKey }, body: body.toString() };
      return dial(fetch, `${root}/Calls.json`, init, signal, (json) => {
        const call = CallSchema.safeParse(json);
        if (!call.success) return null;
        const { progress, sipStatus } = toStatus(call.data);
        return resultOfProgress(call.data.sid, progress, sipStatus);
      });
    },

    async lookup({ to, sinceMs, knownCallIds }, signal): Promise<LookupResult> {
      // Twilio has no idempotency keys on Calls: a call to this number created since we
      // started placing is ours (StartTime filters by day; we compare date_created ourselves).
      const day = new Date(sinceMs).toISOString().slice(0, 10);
      const query = new URLSearchParams({ To: to, 'StartTime>': day, PageSize: '50' });
      const json = await expectJson(fetch, `${root}/Calls.json?${query}`, { method: 'GET', headers }, signal);
      const list = CallListSchema.safeParse(json);
      if (!list.success) throw new CarrierError('garbage-response', true);
      // date_created has one-second resolution (RFC 2822), so allow the second we started in.
      const mine = list.data.calls.find(
        (c) => !knownCallIds.has(c.sid) && c.date_created && Date.parse(c.date_created) >= Math.floor(sinceMs / 1000) * 1000,
      );
      return mine ? { found: true, providerCallId: mine.sid, ...toStatus(mine) } : { found: false, conclusive: true };
    },

    async status(providerCallId, signal) {
      const json = await expectJson(fetch, `${root}/Calls/${encodeURIComponent(providerCallId)}.json`, { method: 'GET', headers }, signal);
      const call = CallSchema.safeParse(json);
      if (!call.success) throw new CarrierError('garbage-response', true);
      return toStatus(call.data);
    },

    async hangup(providerCallId, signal) {
      const body = new URLSearchParams({ Status: 'completed' }).toString();
      await expectJson(
        fetch,
        `${root}/Calls/${encodeURIComponent(providerCallId)}.json`,
        { method: 'POST', headers: formHeaders, body },
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
