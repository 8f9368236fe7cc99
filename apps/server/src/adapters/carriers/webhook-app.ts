import type { CallProgress, ProviderConfig } from '@switchboard/carriers';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { type InboundAnswer, laml, telnyxAnswerCommand, texml, twiml } from './carrier-markup.js';
import { formParams, verifyWebhook } from './webhook-verify.js';

export type { InboundAnswer } from './carrier-markup.js';

export interface InboundCallEvent {
  provider: string;
  /** Carrier event id (Twilio's I-Twilio-Idempotency-Token, Telnyx data.id): repeats are dropped. */
  eventId: string;
  providerCallId: string;
  from: string;
  to: string;
}

export interface CarrierStatusEvent {
  provider: string;
  eventId: string;
  providerCallId: string;
  progress: CallProgress;
  sipStatus: number | null;
  /** The call is over: release its capacity (FailoverRouter.callEnded). */
  ended: boolean;
}

export interface CarrierWebhookAppOptions {
  provider: ProviderConfig;
  /**
   * Public origin the carrier was given (e.g. https://voice.example.com). Signatures cover the
   * URL the carrier called; behind a TLS-terminating proxy the request we see says http://
   * and an internal host, so we never trust it (pstn-contracts.md §1.7).
   */
  publicBaseUrl: string;
  onInbound?: (call: InboundCallEvent) => InboundAnswer | Promise<InboundAnswer>;
  onStatus?: (event: CarrierStatusEvent) => void | Promise<void>;
  /** Telnyx Call Control answers by REST command; the app sends it (or a test records it). */
  onTelnyxCommand?: (command: { path: string; body: Record<string, unknown> }) => void | Promise<void>;
}

const LamlVoiceSchema = z.looseObject({ CallSid: z.string().min(1), AccountSid: z.string().min(1), From: z.string(), To: z.string() });
const LamlStatusSchema = z.looseObject({
  CallSid: z.string().min(1),
  CallStatus: z.string().min(1),
  SipResponseCode: z.coerce.number().int().optional(),
});
const TelnyxEventSchema = z.looseObject({
  data: z.looseObject({
    id: z.string().min(1),
    event_type: z.string().min(1),
    payload: z.looseObject({
      call_control_id: z.string().min(1),
      from: z.string().optional(),
      to: z.string().optional(),
      direction: z.string().optional(),
      hangup_cause: z.string().optional(),
      sip_hangup_cause: z.string().optional(),
    }),
  }),
});

const TWILIO_PROGRESS: Record<string, CallProgress> = {
  queued: 'queued',
  initiated: 'queued',
  ringing: 'ringing',
  'in-progress': 'answered',
  answered: 'answered',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
};
const TELNYX_HANGUP: Record<string, CallProgress> = {
  normal_clearing: 'completed',
  user_busy: 'busy',
  timeout: 'no-answer',
  no_answer: 'no-answer',
  originator_cancel: 'canceled',
};
const ENDED = new Set<CallProgress>(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
const DEFAULT_ANSWER: InboundAnswer = { kind: 'say-hangup', text: 'Sorry, this line is not available right now. Please try again later.' };

/**
 * Webhook routes for one carrier: `POST /voice` (inbound call → markup), `POST /status`
 * (call progress), and for Telnyx `POST /texml`. Signature first, then zod; forged or stale → 403.
 * Mount under /webhooks/<name>; carriers deliver twice, so a repeated event id is answered
 * from memory without calling the handlers again.
 */
export function createCarrierWebhookApp(options: CarrierWebhookAppOptions): Hono {
  const { provider } = options;
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const seen = new Map<string, { body: string; type: string }>();
  const remember = (id: string, body: string, type: string) => {
    if (seen.size >= 10_000) seen.delete(seen.keys().next().value as string);
    seen.set(id, { body, type });
    return new Response(body, { headers: { 'content-type': type } });
  };
  const app = new Hono();
  // The exact bytes that were signed, kept for the handlers after verification.
  const rawBodies = new WeakMap<Request, string>();

  // Verify before anything reads the body as data.
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const body = await c.req.text();
    const ok = await verifyWebhook(provider, { url: `${base}${url.pathname}${url.search}`, headers: c.req.raw.headers, body });
    if (!ok) throw new HTTPException(403, { message: 'invalid or stale webhook signature' });
    rawBodies.set(c.req.raw, body);
    await next();
  });
  const raw = (c: Context) => rawBodies.get(c.req.raw) ?? '';
  const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const r = schema.safeParse(value);
    if (!r.success)
      throw new HTTPException(400, {
        message: `bad webhook: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      });
    return r.data;
  };
  const markup = provider.kind === 'signalwire' ? laml : provider.kind === 'telnyx' ? texml : twiml;
  const lamlEventId = (c: { req: { header: (n: string) => string | undefined } }, fallback: string) =>
    c.req.header('i-twilio-idempotency-token') ?? fallback;

  const inbound = async (call: InboundCallEvent) => (options.onInbound ? await options.onInbound(call) : DEFAULT_ANSWER);
  const status = async (event: CarrierStatusEvent) => {
    await options.onStatus?.(event);
  };

  if (provider.kind === 'telnyx') {
    const callControl = async (c: Context) => {
      let json: unknown;
      try {
        json = JSON.parse(raw(c));
      } catch {
        throw new HTTPException(400, { message: 'bad webhook: body is not JSON' });
      }
      const { data } = parse(TelnyxEventSchema, json);
      if (seen.has(data.id)) return c.json({ received: true, duplicate: true });
      const p = data.payload;
      if (data.event_type === 'call.initiated' && p.direction === 'incoming') {
        const answer = await inbound({
          provider: provider.name,
          eventId: data.id,
          providerCallId: p.call_control_id,
          from: p.from ?? '',
          to: p.to ?? '',
        });
        await options.onTelnyxCommand?.(telnyxAnswerCommand(p.call_control_id, answer, data.id));
      } else if (data.event_type === 'call.hangup') {
        const sip = p.sip_hangup_cause ? Number(p.sip_hangup_cause) : null;
        const progress = TELNYX_HANGUP[p.hangup_cause ?? ''] ?? 'failed';
        await status({
          provider: provider.name,
          eventId: data.id,
          providerCallId: p.call_control_id,
          progress,
          sipStatus: Number.isFinite(sip) ? sip : null,
          ended: true,
        });
      } else if (data.event_type === 'call.answered') {
        await status({
          provider: provider.name,
          eventId: data.id,
          providerCallId: p.call_control_id,
          progress: 'answered',
          sipStatus: 200,
          ended: false,
        });
      }
      return remember(data.id, JSON.stringify({ received: true }), 'application/json');
    };
    app.post('/voice', callControl);
    app.post('/status', callControl);
    app.post('/texml', async (c) => {
      const form = parse(LamlVoiceSchema, formParams(raw(c)));
      const id = `texml-${form.CallSid}`;
      const cached = seen.get(id);
      if (cached) return new Response(cached.body, { headers: { 'content-type': cached.type } });
      const answer = await inbound({ provider: provider.name, eventId: id, providerCallId: form.CallSid, from: form.From, to: form.To });
      return remember(id, markup(answer), 'text/xml');
    });
    return app;
  }

  app.post('/voice', async (c) => {
    const form = parse(LamlVoiceSchema, formParams(raw(c)));
    const id = lamlEventId(c, `voice-${form.CallSid}`);
    const cached = seen.get(id);
    if (cached) return new Response(cached.body, { headers: { 'content-type': cached.type } });
    const answer = await inbound({ provider: provider.name, eventId: id, providerCallId: form.CallSid, from: form.From, to: form.To });
    return remember(id, markup(answer), 'text/xml');
  });
  app.post('/status', async (c) => {
    const form = parse(LamlStatusSchema, formParams(raw(c)));
    const id = lamlEventId(c, `status-${form.CallSid}-${form.CallStatus}`);
    if (seen.has(id)) return c.body(null, 204);
    const progress = TWILIO_PROGRESS[form.CallStatus] ?? 'failed';
    const sipStatus = form.SipResponseCode ?? null;
    await status({ provider: provider.name, eventId: id, providerCallId: form.CallSid, progress, sipStatus, ended: ENDED.has(progress) });
    remember(id, '', 'text/plain');
    return c.body(null, 204);
  });
  return app;
}

/** All configured carriers under one app, each at `/<name>`; mount it at /webhooks. */
export function createCarrierWebhookApps(
  options: Omit<CarrierWebhookAppOptions, 'provider'> & { providers: readonly ProviderConfig[] },
): Hono {
  const app = new Hono();
  for (const provider of options.providers) app.route(`/${provider.name}`, createCarrierWebhookApp({ ...options, provider }));
  return app;
}
