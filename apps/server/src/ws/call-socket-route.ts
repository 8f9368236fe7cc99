import { parseFrame } from '@switchboard/audio';
import { type ClientMessage, ClientMessageSchema, CloseCodes, type ServerMessage } from '@switchboard/protocol';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import type { CallHub } from './call-hub.js';
import type { CallSocket, LiveCall } from './live-call.js';

/** A visitor must say hello this soon after connecting. */
const HELLO_TIMEOUT_MS = 10_000;

/** Close reasons are limited to 123 bytes by RFC 6455. */
const reason = (text: string) => (Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString()}...`);

/**
 * GET /ws/calls/:id — binary Int16 LE 16 kHz 512-sample frames up, JSON ServerMessages down
 * (shared/DESIGN.md, "Web audio"). Anything else gets a clear close code (packages/protocol
 * CloseCodes) and touches no other call: unknown call 4004, bad or expired token 4001, non-JSON
 * or invalid control message 4400, oversized frame 1009, wrongly sized frame 1003.
 */
export function callSocketHandler(hub: CallHub, upgradeWebSocket: UpgradeWebSocket) {
  const { logger, metrics } = hub.services;
  return upgradeWebSocket((c) => {
    const callId = c.req.param('id') ?? '';
    let call: LiveCall | undefined;
    let pending: Promise<LiveCall> | undefined;
    let helloTimer: NodeJS.Timeout | undefined;
    let socket: CallSocket | undefined;
    let closed = false;

    const reject = (ws: WSContext, code: number, why: string, metric: string) => {
      if (closed) return;
      closed = true;
      metrics.wsRejected.inc({ reason: metric });
      const error: ServerMessage = { type: 'error', code: metric, message: why };
      if (ws.readyState === 1) ws.send(JSON.stringify(error));
      ws.close(code, reason(why));
    };

    const hello = async (ws: WSContext, msg: Extract<ClientMessage, { type: 'hello' }>) => {
      const check = hub.tokens.check('call', msg.resumeToken, callId);
      if (!check.ok) return reject(ws, CloseCodes.unauthorized, check.reason === 'expired' ? 'resume token expired' : 'invalid resume token for this call', `token-${check.reason}`);
      let vad = msg.vad;
      if (vad === 'server' && !hub.services.vad) {
        ws.send(JSON.stringify({ type: 'error', code: 'server-vad-unavailable', message: 'Server VAD is not available; use browser VAD, the keypad or text.' } satisfies ServerMessage));
        vad = 'browser';
      }
      pending = hub.open(callId);
      const live = await pending;
      if (closed) return;
      socket = {
        sendJson: (m) => ws.readyState === 1 && ws.send(JSON.stringify(m)),
        sendBinary: (b) => ws.readyState === 1 && ws.send(b),
        close: (code, why) => {
          closed = true;
          ws.close(code, reason(why));
        },
      };
      live.attach(socket, vad, msg.lastSeq);
      call = live;
    };

    const control = (ws: WSContext, text: string) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return reject(ws, CloseCodes.badMessage, 'control messages are JSON text', 'not-json');
      }
      const parsed = ClientMessageSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return reject(ws, CloseCodes.badMessage, `invalid message: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, 'bad-message');
      }
      const msg = parsed.data;
      if (msg.type === 'hello') {
        if (pending) return reject(ws, CloseCodes.badMessage, 'hello was already sent', 'bad-message');
        clearTimeout(helloTimer);
        hello(ws, msg).catch((error: unknown) => {
          logger.error({ callId, err: String(error) }, 'opening the call failed');
          reject(ws, CloseCodes.internalError, 'the call could not be opened', 'open-failed');
        });
        return;
      }
      if (!pending) return reject(ws, CloseCodes.badMessage, 'send hello first', 'no-hello');
      const run = (live: LiveCall) => live.message(msg).catch((error: unknown) => logger.error({ callId, type: msg.type, err: String(error) }, 'control message failed'));
      if (call) void run(call);
      else void pending.then(run);
    };

    const audio = (ws: WSContext, data: ArrayBuffer) => {
      if (!pending) return reject(ws, CloseCodes.badMessage, 'send hello first', 'no-hello');
      const frame = parseFrame(new Uint8Array(data));
      if (!frame.ok) return reject(ws, frame.reason === 'too-big' ? CloseCodes.tooBig : CloseCodes.unsupportedData, frame.message, `frame-${frame.reason}`);
      if (call) call.frame(frame.samples);
      else void pending.then((live) => live.frame(frame.samples));
    };

    return {
      onOpen(_event, ws) {
        if (!hub.knows(callId)) return reject(ws, CloseCodes.unknownSession, `no call ${callId.slice(0, 60)}`, 'unknown-call');
        helloTimer = setTimeout(() => reject(ws, CloseCodes.badMessage, 'no hello within 10 s', 'no-hello'), HELLO_TIMEOUT_MS);
      },
      onMessage(event, ws) {
        if (closed) return;
        if (typeof event.data === 'string') control(ws, event.data);
        else if (event.data instanceof ArrayBuffer) audio(ws, event.data);
        else reject(ws, CloseCodes.unsupportedData, 'unsupported message type', 'unsupported');
      },
      onClose() {
        closed = true;
        clearTimeout(helloTimer);
        if (call && socket) call.detach(socket);
      },
    };
  });
}
