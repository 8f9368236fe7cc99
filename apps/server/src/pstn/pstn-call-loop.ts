import type { ProviderConfig } from '@switchboard/carriers';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { exitNumber, markupWebhooks, parseWebhook } from './markup-webhook.js';
import { PstnCall, type PstnCallDeps, pstnCallId } from './pstn-call.js';

export interface PstnCallLoopOptions extends PstnCallDeps {
  /** Carriers answered with markup: TwiML (twilio), LaML (signalwire), TeXML (telnyx, at /texml). */
  providers: readonly ProviderConfig[];
  /** Public origin the carrier calls; signatures cover it, never the proxied request URL. */
  publicBaseUrl: string;
  /** Route name (handoff/transfer `to`) → phone number to <Dial>; without one the call ends. */
  routeNumbers?: Readonly<Record<string, string>>;
  /** Seconds Gather waits for the caller to start speaking (default 5). */
  gatherTimeoutSeconds?: number;
}

interface VoiceResponseLike {
  say(attrs: object, text: string): unknown;
  gather(attrs: object): unknown;
  dial(attrs: object, number: string): unknown;
  redirect(attrs: object, url: string): unknown;
  hangup(): unknown;
  toString(): string;
}

const VoiceSchema = z.looseObject({ CallSid: z.string().min(1), From: z.string(), To: z.string() });
const GatherSchema = z.looseObject({
  CallSid: z.string().min(1),
  SpeechResult: z.string().optional(),
  Digits: z
    .string()
    .regex(/^[0-9*#]*$/)
    .optional(),
});
/** Telnyx TeXML status callbacks (form-encoded, Ed25519-signed): only the end of the call matters here. */
const TexmlStatusSchema = z.looseObject({ CallSid: z.string().min(1), CallStatus: z.string().min(1) });
const OVER = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
/** The action's query: the loop wrote it, and the carrier's signature covers it. */
const GatherQuerySchema = z.object({ call: z.string().min(1), turn: z.coerce.number().int().positive() });

/**
 * The phone call loop on the carrier's own speech recognition (DESIGN.md: Twilio
 * <Gather input="speech dtmf"> on the phone): each webhook feeds the runtime and answers with
 * the prompts it emitted, then a Gather whose action is `/<provider>/gather?call=ID&turn=N`.
 * Calls survive a restart (pstn-call.ts): a webhook for a call this process does not hold
 * resumes it from the durable event log. Mount under /webhooks beside createCarrierWebhookApps
 * (which keeps /status and Telnyx).
 */
export interface PstnCallLoop {
  app: Hono;
  /** The carrier says the call is over (status webhook): the caller hung up. */
  ended(provider: string, providerCallId: string): Promise<void>;
  close(): void;
}

export function createPstnCallLoop(options: PstnCallLoopOptions): PstnCallLoop {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  // Promises, set before the first await: two webhooks of one call never open it twice.
  const calls = new Map<string, Promise<PstnCall | null>>();
  const app = new Hono();

  /** The call in this process, else the logged one rebuilt (after a restart), else `start` (or null). */
  const open = (provider: string, callSid: string, start?: () => Promise<PstnCall>): Promise<PstnCall | null> => {
    const callId = pstnCallId(provider, callSid);
    const held = calls.get(callId);
    if (held) return held;
    const opening = PstnCall.revive(options, { provider, callSid }).then((call) => call ?? start?.() ?? null);
    calls.set(callId, opening);
    opening.then(
      (call) => call === null && calls.delete(callId),
      () => calls.delete(callId),
    );
    return opening;
  };
  /** The call is over and its last answer given: it leaves memory (its log answers any late retry). */
  const release = (call: PstnCall) => {
    void call.session.close();
    calls.delete(call.callId);
  };

  for (const provider of options.providers) {
    // SignalWire LaML is TwiML with another builder, Telnyx TeXML is Twilio-compatible markup
    // (pstn-contracts.md §2.4) answered at /texml: its /voice is Call Control JSON, which
    // createCarrierWebhookApps keeps. Everything else is shared; verifyWebhook knows each signature.
    const texml = provider.kind === 'telnyx';
    const voicePath = texml ? '/texml' : '/voice';
    // Only our routes are verified here: /status falls through to createCarrierWebhookApps, which verifies its own.
    const { verified, form, newResponse } = markupWebhooks<VoiceResponseLike>(provider, base);
    const sub = new Hono();
    sub.use(voicePath, verified);
    sub.use('/gather', verified);
    if (texml) sub.use('/texml-status', verified);
    const xml = (body: string) => new Response(body, { headers: { 'content-type': 'text/xml' } });
    const hangup = () => {
      const over = newResponse();
      over.hangup();
      return xml(over.toString());
    };

    /** Says what the call said since the last answer, then dials, hangs up or gathers the next turn. */
    const answer = async (c: Context, call: PstnCall): Promise<string> => {
      // The action is the public URL of this carrier's gather route, wherever the app is mounted.
      const gatherPath = new URL(c.req.url).pathname.replace(/\/(voice|texml|gather)$/, '/gather');
      const response = newResponse();
      for (const text of call.takePrompts()) response.say({}, text);
      const exit = call.exit;
      const number = exitNumber(exit, options);
      if (number) response.dial({}, number);
      else if (exit) response.hangup();
      else {
        const action = `${base}${gatherPath}?call=${encodeURIComponent(call.callId)}&turn=${call.turn + 1}`;
        response.gather({
          input: 'speech dtmf',
          action,
          method: 'POST',
          actionOnEmptyResult: true,
          timeout: options.gatherTimeoutSeconds ?? 5,
          speechTimeout: 'auto',
          language: gatherLanguage(options.flow.language),
        });
        // TeXML documents no actionOnEmptyResult: on silence Telnyx falls through to the next
        // verb, so the same action is fetched empty-handed (Twilio never gets here).
        if (texml) response.redirect({ method: 'POST' }, action);
      }
      try {
        await call.answered(response.toString(), exit !== null);
      } catch (error) {
        // Not recorded, so not sent: the log is the truth, and the carrier's retry rebuilds from it.
        release(call);
        throw error;
      }
      return call.lastResponse;
    };

    sub.post(voicePath, async (c) => {
      const { CallSid, From } = form(c, VoiceSchema);
      const call = await open(provider.name, CallSid, () =>
        PstnCall.start(options, { provider: provider.name, callSid: CallSid, from: From }),
      );
      if (!call) return hangup();
      // A carrier retry of an answered call gets the same answer; a call connected but never
      // answered (the process died in between) is answered now, from its log.
      const body = await call.serial(async () => (call.turn > 0 ? call.lastResponse : answer(c, call)));
      if (call.final) release(call);
      return xml(body);
    });

    sub.post('/gather', async (c) => {
      const { CallSid, SpeechResult, Digits } = form(c, GatherSchema);
      const query = parseWebhook(GatherQuerySchema, { call: c.req.query('call'), turn: c.req.query('turn') });
      if (query.call !== pstnCallId(provider.name, CallSid))
        throw new HTTPException(400, { message: 'bad webhook: call does not match CallSid' });
      const call = await open(provider.name, CallSid);
      if (!call) return hangup(); // unknown or never-logged call
      const body = await call.serial(async () => {
        // A repeat of a webhook already answered (carriers retry, and deliver out of order):
        // its inputs are in the log already; the carrier gets the answer it was given.
        if (query.turn < call.turn) return call.lastResponse;
        // Every <Say> we sent sits before the <Gather>, outside it, so the carrier played each
        // one whole before this action fired: that is the `prompt.finished` the engine needs —
        // above all for the consent announcement, whose answer window runs from its end.
        await call.played();
        const turn = `gather:${query.turn}`;
        if (SpeechResult?.trim()) await call.input({ type: 'caller.said', id: `${turn}:said`, text: SpeechResult });
        else if (Digits)
          for (const [i, digit] of [...Digits].entries()) await call.input({ type: 'caller.dtmf', id: `${turn}:dtmf:${i}`, digit });
        // Silence: feed nothing; the runtime's own timers (real clock) re-ask or end the call.
        await call.runtime.idle();
        return answer(c, call);
      });
      if (call.final) release(call); // over: a late retry is answered from the log
      return xml(body);
    });
    // TeXML calls report their end here (the TeXML application's status callback URL), not
    // to /status, which takes Call Control JSON.
    if (texml)
      sub.post('/texml-status', async (c) => {
        const { CallSid, CallStatus } = form(c, TexmlStatusSchema);
        if (OVER.has(CallStatus)) await ended(provider.name, CallSid);
        return c.body(null, 204);
      });
    app.route(`/${provider.name}`, sub);
  }
  async function ended(provider: string, providerCallId: string): Promise<void> {
    const call = await open(provider, providerCallId);
    if (!call) return;
    await call.serial(async () => {
      await call.input({ type: 'caller.hungup', id: `hungup:${providerCallId}` });
      await call.runtime.idle();
    });
    release(call);
  }
  return {
    app,
    ended,
    close() {
      for (const opening of calls.values())
        void opening.then(
          (call) => void call?.session.close(),
          () => undefined,
        );
      calls.clear();
    },
  };
}

/** Twilio's speech recognition takes region-qualified tags (en-US, not en); a flow may say just "en". */
const REGION: Readonly<Record<string, string>> = {
  en: 'en-US',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
  it: 'it-IT',
  nl: 'nl-NL',
  pt: 'pt-BR',
};
export function gatherLanguage(language: string): string {
  return language.includes('-') ? language : (REGION[language] ?? language);
}
