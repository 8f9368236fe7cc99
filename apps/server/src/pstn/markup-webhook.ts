import { RestClient } from '@signalwire/compatibility-api';
import type { ProviderConfig } from '@switchboard/carriers';
import type { Context, Next } from 'hono';
import { HTTPException } from 'hono/http-exception';
import twilio from 'twilio';
import type { z } from 'zod';
import { formParams, verifyWebhook } from '../adapters/carriers/webhook-verify.js';
import type { CallExit } from '../call/call-session.js';

/** A webhook's fields parsed with zod; a 400 names every bad field. */
export function parseWebhook<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new HTTPException(400, { message: `bad webhook: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
  return r.data;
}

/**
 * What both phone loops (carrier speech and media streams) need for one provider's markup
 * webhooks: a middleware that checks the signature against the public URL before anything is
 * parsed (403 otherwise), the verified form body parsed with zod (400 naming the field), and a
 * response builder — SignalWire's LaML builder, or Twilio's (Telnyx TeXML is Twilio-compatible).
 */
export function markupWebhooks<R>(provider: ProviderConfig, publicBaseUrl: string) {
  const raw = new WeakMap<Request, string>();
  const verified = async (c: Context, next: Next) => {
    const url = new URL(c.req.url);
    const body = await c.req.text();
    if (!(await verifyWebhook(provider, { url: `${publicBaseUrl}${url.pathname}${url.search}`, headers: c.req.raw.headers, body })))
      throw new HTTPException(403, { message: 'invalid or stale webhook signature' });
    raw.set(c.req.raw, body);
    await next();
  };
  const form = <T>(c: Context, schema: z.ZodType<T>): T => parseWebhook(schema, formParams(raw.get(c.req.raw) ?? ''));
  const newResponse = (): R =>
    (provider.kind === 'signalwire' ? new RestClient.LaML.VoiceResponse() : new twilio.twiml.VoiceResponse()) as unknown as R;
  return { verified, form, newResponse };
}

/**
 * The number a routed call is <Dial>led to: the first target (the transfer's agent, then the
 * handoff's route, newest first) with a number in the carriers file's routes. The agent leg
 * itself is placed through the failover router by the session (handoff-effects.ts).
 */
export function exitNumber(
  exit: CallExit | null | undefined,
  where: { routeNumbers?: Readonly<Record<string, string>> | undefined },
): string | undefined {
  if (exit?.kind !== 'route') return undefined;
  return exit.to.map((to) => where.routeNumbers?.[to]).find(Boolean);
}
