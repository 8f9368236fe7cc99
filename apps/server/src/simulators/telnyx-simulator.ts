import { z } from 'zod';
import { type CallLedger, progressOf, type SimulatedCall } from './call-ledger.js';
import { json, type SimReply, type SimRoutes } from './simulator-server.js';

export interface TelnyxSimulatorOptions {
  apiKey: string;
  connectionId: string;
  ledger: CallLedger;
}

const DialSchema = z.looseObject({
  connection_id: z.string().min(1),
  to: z.string().regex(/^\+[1-9]\d{1,14}$/),
  from: z.string().min(1),
  client_state: z.string().optional(),
  command_id: z.string().optional(),
});

/** call.hangup `hangup_cause` and `sip_hangup_cause` for how the callee treated the call. */
const HANGUP: Record<string, [string, string]> = {
  busy: ['user_busy', '486'],
  decline: ['call_rejected', '603'],
  'not-found': ['not_found', '404'],
  'no-answer': ['timeout', '487'],
  'network-480': ['unspecified', '480'],
  'network-503': ['unspecified', '503'],
};

function callJson(call: SimulatedCall, clientState: string | null) {
  const p = progressOf(call, Date.now());
  const alive = p.state !== 'ended';
  const [cause, sip] = call.hungUp ? ['normal_clearing', '200'] : (HANGUP[p.behaviour] ?? [null, null]);
  return {
    record_type: 'call',
    call_control_id: call.id,
    call_leg_id: call.id.slice(3),
    call_session_id: `session-${call.id.slice(3)}`,
    is_alive: alive,
    client_state: clientState,
    call_duration: Math.floor((Date.now() - call.createdAtMs) / 1000),
    // The simulator also reports the call.hangup webhook's fields on the resource.
    state: p.state === 'answered' ? 'answered' : p.state === 'ringing' ? 'ringing' : 'hangup',
    hangup_cause: alive ? null : cause,
    sip_hangup_cause: alive ? null : sip,
  };
}

const telnyxError = (status: number, code: string, title: string, detail?: string): SimReply =>
  json(status, { errors: [{ code, title, detail: detail ?? title }] });

/** Telnyx Call Control v2: `POST /v2/calls` (JSON, Bearer), call lookup and hang-up actions. */
export function telnyxRoutes(opts: TelnyxSimulatorOptions): SimRoutes {
  const states = new Map<string, string | null>();
  return (req) => {
    if (req.path === '/health') return { op: 'health', handle: () => json(200, { status: 'ok' }) };
    const guard = (op: 'create' | 'lookup' | 'status' | 'hangup', handle: () => SimReply) => ({
      op,
      handle: () => (req.headers.authorization === `Bearer ${opts.apiKey}` ? handle() : telnyxError(401, '10009', 'Authentication failed')),
    });
    if (req.path === '/v2/calls' && req.method === 'POST') {
      return guard('create', () => {
        let raw: unknown;
        try {
          raw = JSON.parse(req.body);
        } catch {
          return telnyxError(400, '10015', 'Bad Request', 'body is not JSON');
        }
        const dial = DialSchema.safeParse(raw);
        if (!dial.success) return telnyxError(422, '10015', 'Invalid parameter', dial.error.issues[0]?.path.join('.'));
        if (dial.data.connection_id !== opts.connectionId) return telnyxError(422, '10015', 'Invalid connection_id');
        const header = req.headers['idempotency-key'];
        const key = typeof header === 'string' ? header : (dial.data.command_id ?? null);
        const call = opts.ledger.dial('telnyx', dial.data.to, dial.data.from, key, 'v3:');
        states.set(call.id, dial.data.client_state ?? null);
        return json(200, {
          data: {
            record_type: 'call',
            call_control_id: call.id,
            call_leg_id: call.id.slice(3),
            call_session_id: `session-${call.id.slice(3)}`,
            is_alive: true,
          },
        });
      });
    }
    const active = req.path.match(/^\/v2\/connections\/([^/]+)\/active_calls$/);
    if (active && req.method === 'GET') {
      return guard('lookup', () => {
        const calls = opts.ledger.calls.filter((c) => c.provider === 'telnyx').map((c) => callJson(c, states.get(c.id) ?? null));
        return json(200, { data: calls.filter((c) => c.is_alive), meta: { total_results: calls.length } });
      });
    }
    const one = req.path.match(/^\/v2\/calls\/([^/]+?)(\/actions\/hangup)?$/);
    if (one?.[1]) {
      const id = decodeURIComponent(one[1]);
      const op = one[2] ? 'hangup' : 'status';
      return guard(op, () => {
        const call = opts.ledger.find('telnyx', id);
        if (!call) return telnyxError(404, '10005', 'Resource not found');
        if (op === 'hangup') {
          call.hungUp = true;
          return json(200, { data: { result: 'ok' } });
        }
        return json(200, { data: callJson(call, states.get(id) ?? null) });
      });
    }
    return { op: 'unknown', handle: () => telnyxError(404, '10005', 'Resource not found') };
  };
}
