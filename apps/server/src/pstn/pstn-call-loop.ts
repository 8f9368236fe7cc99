import { RestClient } from '@signalwire/compatibility-api';
import type { CallPlacer, ProviderConfig } from '@switchboard/carriers';
import type { ComplianceStore } from '@switchboard/compliance';
import type { EngineState } from '@switchboard/ivr';
import type { CallEvent, Flow } from '@switchboard/protocol';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import twilio from 'twilio';
import { z } from 'zod';
import { formParams, verifyWebhook } from '../adapters/carriers/webhook-verify.js';
import { type CallRuntime, createCallRuntime } from '../call/call-runtime.js';
import { connectCaller } from '../call/connect-caller.js';
import type { EventLog } from '../call/event-log.js';
import { ivrEngine } from '../call/ivr-engine.js';
import type { CallAudio, Classifier, RuntimeLogger, SpokenPrompt } from '../call/ports.js';
import type { Clock } from '../clock/clock.js';

export interface PstnCallLoopOptions {
  /** Carriers answered with markup (twilio, signalwire); others are skipped. */
  providers: readonly ProviderConfig[];
  /** Public origin the carrier calls; signatures cover it, never the proxied request URL. */
  publicBaseUrl: string;
  flow: Flow;
  classifier: Classifier;
  compliance: ComplianceStore;
  eventLog: EventLog;
  clock: Clock;
  placer?: CallPlacer;
  logger?: RuntimeLogger;
  /** Route name (handoff/transfer `to`) → phone number to <Dial>; without one the call ends. */
  routeNumbers?: Readonly<Record<string, string>>;
  /** Seconds Gather waits for the caller to start speaking (default 5). */
  gatherTimeoutSeconds?: number;
}

interface VoiceResponseLike {
  say(attrs: object, text: string): unknown;
  gather(attrs: object): unknown;
  dial(attrs: object, number: string): unknown;
  hangup(): unknown;
  toString(): string;
}

/** Speech prompts are "played" by the carrier: they finish when its next webhook arrives. */
class CarrierSpokenAudio implements CallAudio {
  pending: string[] = [];
  #finish: (() => void)[] = [];
  speak(prompt: SpokenPrompt): Promise<void> {
    this.pending.push(prompt.text);
    return new Promise((resolve) => this.#finish.push(resolve));
  }
  /** The carrier played every <Say> we sent (see finishPlayed in the gather route). */
  finishAll(): void {
    for (const f of this.#finish.splice(0)) f();
  }
  take(): string[] {
    return this.pending.splice(0);
  }
  stopSpeaking(): void {}
  play(): void {}
}

interface PstnCall {
  callId: string;
  runtime: CallRuntime<EngineState>;
  audio: CarrierSpokenAudio;
  /** handoff/transfer/call.ended seen since the last answer. */
  exit: { kind: 'route'; to: string } | { kind: 'ended' } | null;
  lastResponse: string;
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

/**
 * The phone call loop on the carrier's own speech recognition (DESIGN.md: Twilio
 * <Gather input="speech dtmf"> on the phone): each webhook feeds the runtime and answers with
 * the prompts it emitted, then a Gather whose action is `/<provider>/gather?call=ID`.
 * Mount under /webhooks beside createCarrierWebhookApps (which keeps /status and Telnyx).
 */
export interface PstnCallLoop {
  app: Hono;
  /** The carrier says the call is over (status webhook): the caller hung up. */
  ended(provider: string, providerCallId: string): Promise<void>;
  close(): void;
}

export function createPstnCallLoop(options: PstnCallLoopOptions): PstnCallLoop {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const calls = new Map<string, PstnCall>();
  const app = new Hono();

  for (const provider of options.providers) {
    if (provider.kind === 'telnyx') continue;
    // SignalWire LaML is TwiML with another builder; everything else is shared.
    const newResponse = (): VoiceResponseLike =>
      (provider.kind === 'signalwire'
        ? new RestClient.LaML.VoiceResponse()
        : new twilio.twiml.VoiceResponse()) as unknown as VoiceResponseLike;
    const sub = new Hono();
    const raw = new WeakMap<Request, string>();
    // Only our two routes: /status falls through to createCarrierWebhookApps, which verifies its own.
    const verified = async (c: Context, next: () => Promise<void>) => {
      const url = new URL(c.req.url);
      const body = await c.req.text();
      if (!(await verifyWebhook(provider, { url: `${base}${url.pathname}${url.search}`, headers: c.req.raw.headers, body })))
        throw new HTTPException(403, { message: 'invalid or stale webhook signature' });
      raw.set(c.req.raw, body);
      await next();
    };
    sub.use('/voice', verified);
    sub.use('/gather', verified);
    const form = <T>(c: Context, schema: z.ZodType<T>): T => {
      const r = schema.safeParse(formParams(raw.get(c.req.raw) ?? ''));
      if (!r.success)
        throw new HTTPException(400, {
          message: `bad webhook: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        });
      return r.data;
    };
    const xml = (body: string) => new Response(body, { headers: { 'content-type': 'text/xml' } });

    const answer = (c: Context, call: PstnCall): string => {
      // The action is the public URL of this carrier's gather route, wherever the app is mounted.
      const gatherPath = new URL(c.req.url).pathname.replace(/\/(voice|gather)$/, '/gather');
      const response = newResponse();
      for (const text of call.audio.take()) response.say({}, text);
      const exit = call.exit;
      if (exit?.kind === 'route' && options.routeNumbers?.[exit.to]) response.dial({}, options.routeNumbers[exit.to] as string);
      else if (exit) response.hangup();
      else
        response.gather({
          input: 'speech dtmf',
          action: `${base}${gatherPath}?call=${encodeURIComponent(call.callId)}`,
          method: 'POST',
          actionOnEmptyResult: true,
          timeout: options.gatherTimeoutSeconds ?? 5,
          speechTimeout: 'auto',
          language: gatherLanguage(options.flow.language),
        });
      if (exit) {
        call.runtime.close();
        calls.delete(call.callId);
      }
      call.lastResponse = response.toString();
      return call.lastResponse;
    };

    sub.post('/voice', async (c) => {
      const { CallSid, From } = form(c, VoiceSchema);
      const callId = `pstn-${provider.name}-${CallSid}`;
      const existing = calls.get(callId);
      if (existing) return xml(existing.lastResponse); // carrier retry
      const audio = new CarrierSpokenAudio();
      const call: PstnCall = { callId, audio, exit: null, lastResponse: '', runtime: undefined as never };
      const sink = (event: CallEvent) => {
        if (event.type === 'handoff' || event.type === 'transfer') call.exit = { kind: 'route', to: event.to };
        else if (event.type === 'call.ended' && !call.exit) call.exit = { kind: 'ended' };
      };
      call.runtime = createCallRuntime({
        callId,
        flow: options.flow,
        engine: ivrEngine,
        clock: options.clock,
        classifier: options.classifier,
        compliance: options.compliance,
        log: options.eventLog,
        audio,
        sink,
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.placer ? { placer: options.placer } : {}),
      });
      calls.set(callId, call);
      await connectCaller(call.runtime, { caller: From, channel: 'pstn', language: options.flow.language });
      await call.runtime.idle();
      return xml(answer(c, call));
    });

    sub.post('/gather', async (c) => {
      const { CallSid, SpeechResult, Digits } = form(c, GatherSchema);
      const callId = c.req.query('call') ?? `pstn-${provider.name}-${CallSid}`;
      const call = calls.get(callId);
      if (!call) {
        // Unknown or finished call (e.g. after a restart: the loop keeps calls in memory).
        const over = newResponse();
        over.hangup();
        return xml(over.toString());
      }
      // Every <Say> we sent sits before the <Gather>, outside it, so the carrier played each
      // one whole before this action fired: that is the `prompt.finished` the engine needs —
      // above all for the consent announcement, whose answer window runs from its end.
      call.audio.finishAll();
      await new Promise((r) => setImmediate(r)); // let the resolved speak() promises feed their inputs
      await call.runtime.idle();
      const token = c.req.header('i-twilio-idempotency-token');
      if (SpeechResult?.trim())
        await call.runtime.input({ type: 'caller.said', ...(token ? { id: `said:${token}` } : {}), text: SpeechResult });
      else if (Digits)
        for (const [i, digit] of [...Digits].entries())
          await call.runtime.input({ type: 'caller.dtmf', ...(token ? { id: `dtmf:${token}:${i}` } : {}), digit });
      // Silence: feed nothing; the runtime's own timers (real clock) re-ask or end the call.
      await call.runtime.idle();
      return xml(answer(c, call));
    });
    app.route(`/${provider.name}`, sub);
  }
  return {
    app,
    async ended(provider, providerCallId) {
      const call = calls.get(`pstn-${provider}-${providerCallId}`);
      if (!call) return;
      calls.delete(call.callId);
      await call.runtime.input({ type: 'caller.hungup', id: `hungup:${providerCallId}` });
      await call.runtime.idle();
      call.runtime.close();
    },
    close() {
      for (const call of calls.values()) call.runtime.close();
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
