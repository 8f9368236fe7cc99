import { timingSafeEqual } from 'node:crypto';
import { type CallLedger, progressOf, type SimulatedCall } from './call-ledger.js';
import { json, type SimReply, type SimRequest, type SimRoutes } from './simulator-server.js';

export interface LamlSimulatorOptions {
  provider: 'twilio' | 'signalwire';
  /** Twilio AccountSid / SignalWire ProjectID. */
  account: string;
  /** Twilio AuthToken / SignalWire APIToken (Basic auth password). */
  token: string;
  ledger: CallLedger;
}

/** Twilio REST call statuses, from the callee's progress. */
function statusOf(call: SimulatedCall): { status: string; sip: number | null } {
  const p = progressOf(call, Date.now());
  if (p.state === 'ringing') return { status: 'ringing', sip: null };
  if (p.state === 'answered') return { status: 'in-progress', sip: 200 };
  if (call.hungUp) return { status: 'completed', sip: 200 };
  if (p.behaviour === 'busy') return { status: 'busy', sip: 486 };
  if (p.behaviour === 'no-answer') return { status: 'no-answer', sip: 487 };
  return { status: 'failed', sip: p.sip };
}

function callJson(call: SimulatedCall, account: string, root: string, status: string, sip: number | null) {
  return {
    sid: call.id,
    account_sid: account,
    to: call.to,
    from: call.from,
    status,
    direction: 'outbound-api',
    date_created: new Date(call.createdAtMs).toUTCString(),
    api_version: '2010-04-01',
    uri: `${root}/Calls/${call.id}.json`,
    // Not on Twilio's REST resource (it is in status callbacks as SipResponseCode); we add it
    // so the adapter can tell a SIP 480/503 network failure from a refusal.
    sip_response_code: sip,
  };
}

const twilioError = (status: number, code: number, message: string): SimReply =>
  json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

/**
 * Twilio's `/2010-04-01/Accounts/{AccountSid}/Calls.json` (form-encoded, Basic auth) and
 * SignalWire's `/api/laml/2010-04-01/Accounts/{ProjectID}/Calls.json` copy of it.
 */
export function lamlRoutes(opts: LamlSimulatorOptions): SimRoutes {
  const root = opts.provider === 'twilio' ? `/2010-04-01/Accounts/${opts.account}` : `/api/laml/2010-04-01/Accounts/${opts.account}`;
  const expectedAuth = Buffer.from(`Basic ${Buffer.from(`${opts.account}:${opts.token}`).toString('base64')}`);
  const authorised = (req: SimRequest) => {
    const got = Buffer.from(req.headers.authorization ?? '');
    return got.length === expectedAuth.length && timingSafeEqual(got, expectedAuth);
  };
  const idPrefix = opts.provider === 'twilio' ? 'CA' : '';

  return (req) => {
    if (req.path === '/health') return { op: 'health', handle: () => json(200, { status: 'ok' }) };
    const guard = (op: 'create' | 'lookup' | 'status' | 'hangup', handle: () => SimReply) => ({
      op,
      handle: () => (authorised(req) ? handle() : twilioError(401, 20003, 'Authenticate')),
    });
    if (req.path === `${root}/Calls.json` && req.method === 'POST') {
      return guard('create', () => {
        const form = new URLSearchParams(req.body);
        const to = form.get('To');
        const from = form.get('From');
        if (!to || !/^\+[1-9]\d{1,14}$/.test(to))
          return twilioError(400, 21211, `The 'To' number ${to ?? ''} is not a valid phone number.`);
        if (!from) return twilioError(400, 21213, "A 'From' phone number is required.");
        if (!form.get('Url') && !form.get('Twiml')) return twilioError(400, 21205, 'Url parameter is required.');
        const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
        const call = opts.ledger.dial(opts.provider, to, from, key, idPrefix);
        return json(201, callJson(call, opts.account, root, 'queued', null));
      });
    }
    if (req.path === `${root}/Calls.json` && req.method === 'GET') {
      return guard('lookup', () => {
        const to = req.query.get('To');
        const calls = opts.ledger.calls.filter((c) => c.provider === opts.provider && (!to || c.to === to)).reverse();
        return json(200, {
          calls: calls.map((c) => ({ ...callJson(c, opts.account, root, statusOf(c).status, statusOf(c).sip) })),
          page: 0,
          page_size: 50,
        });
      });
    }
    const one = req.path.match(new RegExp(`^${root}/Calls/([^/]+)\\.json$`));
    if (one?.[1]) {
      const call = opts.ledger.find(opts.provider, decodeURIComponent(one[1]));
      const op = req.method === 'POST' ? 'hangup' : 'status';
      return guard(op, () => {
        if (!call) return twilioError(404, 20404, 'The requested resource was not found');
        if (op === 'hangup' && new URLSearchParams(req.body).get('Status') === 'completed') call.hungUp = true;
        const { status, sip } = statusOf(call);
        return json(200, callJson(call, opts.account, root, status, sip));
      });
    }
    return { op: 'unknown', handle: () => twilioError(404, 20404, 'The requested resource was not found') };
  };
}
