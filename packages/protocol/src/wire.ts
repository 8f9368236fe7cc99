import { z } from 'zod';
import { CallEventSchema } from './events.js';

/**
 * Web audio transport (shared/DESIGN.md, "Web audio"): binary frames are Int16 LE PCM,
 * 16 kHz mono, 512 samples (32 ms: `SAMPLE_RATE` and `FRAME_SAMPLES` of @switchboard/audio,
 * where every frame size is defined once); text frames carry these JSON messages.
 */

export const TransportSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('websocket'), url: z.string() }),
  z.object({ kind: z.literal('livekit'), url: z.string(), token: z.string() }),
]);
export type Transport = z.infer<typeof TransportSchema>;

export const CreateSessionResponseSchema = z.object({
  callId: z.string(),
  /** Bearer for the socket and for resuming after a reconnect. */
  resumeToken: z.string(),
  transport: TransportSchema,
});
export type CreateSessionResponse = z.infer<typeof CreateSessionResponseSchema>;

const msg = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

/** Browser → server. Each carries an `id` so a message resent after a reconnect has one effect. */
export const ClientMessageSchema = z.discriminatedUnion('type', [
  msg('hello', { resumeToken: z.string(), lastSeq: z.number().int().nonnegative().default(0), vad: z.enum(['browser', 'server']) }),
  msg('speech.start', { id: z.string() }),
  msg('speech.end', { id: z.string() }),
  msg('dtmf', { id: z.string(), digit: z.string().regex(/^[0-9*#]$/) }),
  msg('text', { id: z.string(), text: z.string().max(2_000) }),
  msg('consent', { id: z.string(), answer: z.enum(['yes', 'no']) }),
  msg('hangup', { id: z.string() }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** Server → browser. `seq` numbers events so a reconnect asks only for what it missed. */
export const ServerMessageSchema = z.discriminatedUnion('type', [
  msg('ready', { callId: z.string(), vad: z.enum(['browser', 'server']) }),
  msg('event', { seq: z.number().int().positive(), event: CallEventSchema }),
  msg('vad', { state: z.enum(['speech.start', 'speech.end']) }),
  msg('tts', { state: z.enum(['start', 'end']), promptId: z.string() }),
  msg('error', { code: z.string(), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** WebSocket close codes (4000–4999 are ours). */
export const CloseCodes = {
  normal: 1000,
  unsupportedData: 1003,
  policyViolation: 1008,
  tooBig: 1009,
  internalError: 1011,
  unknownSession: 4004,
  unauthorized: 4001,
  badMessage: 4400,
  replaced: 4409,
} as const;
