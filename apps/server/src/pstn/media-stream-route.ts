import { type ProviderConfig, phoneAudioOf } from '@switchboard/carriers';
import { CloseCodes } from '@switchboard/protocol';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import { z } from 'zod';
import { CallSession } from '../call/call-session.js';
import { exitNumber, markupWebhooks } from './markup-webhook.js';
import { MediaStreamCall, type MediaStreamDeps, type StreamExit, streamCallId } from './media-stream-call.js';
import { parseStreamMessage } from './media-stream-messages.js';
import { issueStreamToken, verifyStreamToken } from './media-stream-token.js';

export interface MediaStreamLoopOptions extends MediaStreamDeps {
  /** Every configured provider; those with `audio: media-stream` (Twilio, SignalWire) are served. */
  providers: readonly ProviderConfig[];
  /** Public origin the carrier calls: webhook signatures cover it; the stream URL is its ws(s) twin. */
  publicBaseUrl: string;
  /** Route name (handoff/transfer `to`) → phone number to <Dial> once the stream closes. */
  routeNumbers?: Readonly<Record<string, string>>;
}

export interface MediaStreamLoop {
  /** POST /<name>/voice and /<name>/stream-ended, signature-verified. Mount at /webhooks. */
  app: Hono;
  /** GET /<name>/media-stream, the carrier's WebSocket. Mount at /webhooks (needs the app's upgrader). */
  sockets(upgradeWebSocket: UpgradeWebSocket): Hono;
  /** The carrier's status webhook says the call is over. */
  ended(provider: string, callSid: string): Promise<void>;
  close(): void;
}

interface ResponseLike {
  connect(): { stream(attrs: object): { parameter(attrs: object): unknown } };
  redirect(attrs: object, url: string): unknown;
  dial(attrs: object, number: string): unknown;
  hangup(): unknown;
  toString(): string;
}

/** Twilio sends connected + start at once; a socket that never starts is not a carrier. */
const START_TIMEOUT_MS = 10_000;
/** Exits waiting for the carrier's redirect after the stream closed (bounded: a lost redirect must not leak). */
const MAX_EXITS = 10_000;

const VoiceSchema = z.looseObject({ CallSid: z.string().min(1), From: z.string(), To: z.string() });
const EndedSchema = z.looseObject({ CallSid: z.string().min(1) });
/** Re-streams of one call after its socket dropped, before we give up and hang up. */
const MAX_RESUMES = 3;
const reason = (text: string) => (Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString()}...`);

/**
 * The phone line on our own speech pipeline (`audio: media-stream` in the carriers file): the
 * voice webhook answers <Connect><Stream> with a short-lived token in <Parameter>s and a
 * <Redirect> after it; the stream runs the IVR (media-stream-call.ts); when the engine routes
 * or ends the call the server closes the socket, the carrier continues with the <Redirect>,
 * and /stream-ended answers <Dial> to the route's number or <Hangup>.
 */
export function createMediaStreamLoop(options: MediaStreamLoopOptions): MediaStreamLoop {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const providers = options.providers.filter((p) => phoneAudioOf(p) === 'media-stream');
  // The streams open here; the sessions list themselves in the process's call directory.
  const calls = new Map<string, MediaStreamCall>();
  const exits = new Map<string, StreamExit>();
  const logger = options.logger;
  const app = new Hono();

  for (const provider of providers) {
    const { verified, form, newResponse } = markupWebhooks<ResponseLike>(provider, base);
    const xml = (body: string) => new Response(body, { headers: { 'content-type': 'text/xml' } });
    const sub = new Hono();
    sub.use('/voice', verified);
    sub.use('/stream-ended', verified);

    /** <Connect><Stream> with the grant, then the <Redirect> the carrier follows once the socket closes. */
    const streamAnswer = (c: Context, callSid: string, from: string, resumes: number) => {
      const path = new URL(c.req.url).pathname.replace(/\/(voice|stream-ended)$/, '');
      const response = newResponse();
      // Stream URLs take no query string (Twilio strips it): the grant travels as parameters.
      const stream = response.connect().stream({ url: `${base.replace(/^http/, 'ws')}${path}/media-stream` });
      stream.parameter({ name: 'from', value: from });
      stream.parameter({
        name: 'token',
        value: issueStreamToken(provider, { provider: provider.name, callSid, from }, options.clock.now()),
      });
      // Runs when our server closes the socket (the IVR routed or ended the call) or the socket drops.
      const callId = encodeURIComponent(streamCallId(provider.name, callSid));
      response.redirect({ method: 'POST' }, `${base}${path}/stream-ended?call=${callId}${resumes ? `&resume=${resumes}` : ''}`);
      return xml(response.toString());
    };

    sub.post('/voice', (c) => {
      const { CallSid, From } = form(c, VoiceSchema);
      return streamAnswer(c, CallSid, From, 0);
    });

    sub.post('/stream-ended', async (c) => {
      const { CallSid } = form(c, EndedSchema);
      const callId = streamCallId(provider.name, CallSid);
      if (c.req.query('call') !== callId) throw new HTTPException(400, { message: 'bad webhook: call does not match CallSid' });
      const exit = exits.get(callId);
      exits.delete(callId);
      if (!exit && !calls.has(callId)) {
        // The socket dropped (network, or this process restarted) while the IVR still had the
        // call: stream it again; the new stream resumes the call from its durable log.
        const resumes = Number(c.req.query('resume') ?? 0) + 1;
        const connected = (await options.eventLog.read(callId)).find((e) => e.type === 'call.connected');
        if (connected?.type === 'call.connected' && resumes <= MAX_RESUMES) {
          logger?.info({ callId, resumes }, 'media stream dropped: streaming the call again');
          return streamAnswer(c, CallSid, connected.caller, resumes);
        }
      }
      const response = newResponse();
      const number = exitNumber(exit, options);
      if (number) response.dial({}, number);
      else response.hangup(); // ended, no number for the route, or the stream was lost
      return xml(response.toString());
    });
    app.route(`/${provider.name}`, sub);
  }

  const sockets = (upgradeWebSocket: UpgradeWebSocket): Hono => {
    const ws = new Hono();
    for (const provider of providers) ws.get(`/${provider.name}/media-stream`, streamSocket(provider, upgradeWebSocket));
    return ws;
  };

  const streamSocket = (provider: ProviderConfig, upgradeWebSocket: UpgradeWebSocket) =>
    upgradeWebSocket(() => {
      let call: MediaStreamCall | undefined;
      let streamSid = '';
      let callSid = '';
      let closed = false;
      let over = false; // stopped by the carrier or handed back by us: no hang-up on close
      let startTimer: NodeJS.Timeout | undefined;

      const reject = (socket: WSContext, code: number, why: string, metric: string) => {
        if (closed) return;
        closed = true;
        options.metrics?.wsRejected.inc({ reason: `stream-${metric}` });
        logger?.warn({ provider: provider.name, code, why }, 'media stream refused');
        socket.close(code, reason(why));
      };

      const start = (socket: WSContext, sid: string, sidOfCall: string, params: Record<string, string>) => {
        if (call) return reject(socket, CloseCodes.badMessage, 'start was already sent', 'bad-message');
        const from = params.from ?? '';
        const check = verifyStreamToken(provider, { provider: provider.name, callSid: sidOfCall, from }, params.token, options.clock.now());
        if (!check.ok) return reject(socket, CloseCodes.unauthorized, `stream token ${check.reason}`, `token-${check.reason}`);
        const callId = streamCallId(provider.name, sidOfCall);
        if (calls.has(callId)) return reject(socket, CloseCodes.replaced, 'a stream for this call is already open', 'duplicate');
        clearTimeout(startTimer);
        streamSid = sid;
        callSid = sidOfCall;
        const opened = new MediaStreamCall(options, {
          provider: provider.name,
          callSid,
          streamSid,
          send: (text) => socket.readyState === 1 && socket.send(text),
          onOverrun: () => reject(socket, CloseCodes.policyViolation, 'audio arrives faster than real time', 'too-fast'),
          onExit: (exit) => {
            over = true;
            if (exits.size >= MAX_EXITS) exits.delete(exits.keys().next().value as string);
            exits.set(callId, exit);
            calls.delete(callId);
            opened.close();
            closed = true;
            socket.close(CloseCodes.normal, exit.kind === 'route' ? `routed to ${exit.to.at(-1)}` : 'call ended');
          },
        });
        call = opened;
        calls.set(callId, opened);
        opened.open(from).then(
          (how) => logger?.info({ callId, how }, 'media stream call opened'),
          (error: unknown) => {
            logger?.error({ callId, err: String(error) }, 'opening the media-stream call failed');
            reject(socket, CloseCodes.internalError, 'the call could not be opened', 'open-failed');
          },
        );
      };

      return {
        onOpen(_event, socket) {
          startTimer = setTimeout(() => reject(socket, CloseCodes.badMessage, 'no start within 10 s', 'no-start'), START_TIMEOUT_MS);
        },
        onMessage(event, socket) {
          if (closed) return;
          if (typeof event.data !== 'string')
            return reject(socket, CloseCodes.unsupportedData, 'stream messages are JSON text frames', 'binary');
          const parsed = parseStreamMessage(event.data);
          if (!parsed.ok) return reject(socket, CloseCodes.badMessage, parsed.reason, 'bad-message');
          const msg = parsed.message;
          if (!msg || msg.event === 'connected') return; // unknown events are tolerated (§1.8)
          if (msg.event === 'start') return start(socket, msg.streamSid, msg.start.callSid, msg.start.customParameters);
          if (!call) return reject(socket, CloseCodes.badMessage, `${msg.event} before start`, 'no-start');
          if (msg.streamSid !== streamSid)
            return reject(socket, CloseCodes.badMessage, 'streamSid does not match the started stream', 'bad-message');
          switch (msg.event) {
            case 'media':
              if (!msg.media.track || msg.media.track === 'inbound') call.media(Buffer.from(msg.media.payload, 'base64'));
              return;
            case 'dtmf':
              void call.dtmf(msg.dtmf.digit, `dtmf:${streamSid}:${msg.sequenceNumber}`);
              return;
            case 'mark':
              call.marked(msg.mark.name);
              return;
            case 'stop': {
              over = true;
              const ending = call;
              calls.delete(ending.callId);
              void ending.hangup(`hungup:${callSid}`).finally(() => {
                closed = true;
                socket.close(CloseCodes.normal, 'stream stopped');
              });
              return;
            }
            default: {
              const never: never = msg;
              throw new Error(`unhandled stream message ${JSON.stringify(never)}`);
            }
          }
        },
        onClose() {
          closed = true;
          clearTimeout(startTimer);
          if (!call || over) return;
          // The socket went without a stop (a network drop, not the caller hanging up): the call
          // leaves memory, and its durable log resumes it when the carrier follows the <Redirect>
          // and /stream-ended streams it again.
          calls.delete(call.callId);
          call.close();
          logger?.info({ callId: call.callId }, 'media stream lost without stop; the call waits in its log');
        },
      };
    });

  return {
    app,
    sockets,
    async ended(provider, callSid) {
      const callId = streamCallId(provider, callSid);
      exits.delete(callId);
      const call = calls.get(callId);
      if (call) {
        calls.delete(callId);
        await call.hangup(`hungup:${callSid}`);
        return;
      }
      // Handed back to the carrier (routed to an agent) or its stream lost: the call is in the
      // log, not here. Its end is logged all the same, so the agent who took it is free again.
      if ((await options.eventLog.read(callId)).length === 0) return;
      const session = new CallSession(options, { callId, channel: 'pstn', door: {} });
      await session.open({ caller: '' });
      await session.input({ type: 'caller.hungup', id: `hungup:${callSid}` });
      await session.close();
    },
    close() {
      for (const call of calls.values()) call.close();
      calls.clear();
      exits.clear();
    },
  };
}
