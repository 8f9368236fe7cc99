import { PHONE_SAMPLE_RATE } from '@switchboard/audio';
import { z } from 'zod';

/**
 * Twilio Media Streams over WebSocket (SignalWire cXML streams use the same framing):
 * JSON text frames, numeric-looking fields as strings (pstn-contracts.md §1.2/§1.3).
 * Everything Twilio sends is parsed here, at the edge; unknown events are tolerated.
 */
const seq = z.string().regex(/^\d+$/, 'a decimal string');
const sid = z.string().min(1).max(64);

/** 1 s of 8 kHz μ-law in base64 is ~10.7 kB; Twilio sends 20 ms (160 bytes). More is not a phone frame. */
export const MAX_MEDIA_PAYLOAD_CHARS = 16_384;

export const ConnectedMessageSchema = z.looseObject({
  event: z.literal('connected'),
  protocol: z.string().optional(),
  version: z.string().optional(),
});

export const StartMessageSchema = z.looseObject({
  event: z.literal('start'),
  sequenceNumber: seq.optional(),
  streamSid: sid,
  start: z.looseObject({
    streamSid: sid.optional(),
    accountSid: sid.optional(),
    callSid: sid,
    tracks: z.array(z.string()).optional(),
    customParameters: z.record(z.string(), z.string()).default({}),
    mediaFormat: z
      .looseObject({
        encoding: z.literal('audio/x-mulaw', { error: 'only audio/x-mulaw is supported' }),
        sampleRate: z.literal(PHONE_SAMPLE_RATE, { error: `only ${PHONE_SAMPLE_RATE} Hz is supported` }),
        channels: z.literal(1, { error: 'only mono is supported' }),
      })
      .optional(),
  }),
});

export const MediaMessageSchema = z.looseObject({
  event: z.literal('media'),
  sequenceNumber: seq.optional(),
  streamSid: sid,
  media: z.looseObject({
    track: z.string().optional(),
    chunk: seq.optional(),
    timestamp: seq.optional(),
    payload: z.base64().max(MAX_MEDIA_PAYLOAD_CHARS, `payload longer than ${MAX_MEDIA_PAYLOAD_CHARS} base64 characters`),
  }),
});

export const DtmfMessageSchema = z.looseObject({
  event: z.literal('dtmf'),
  sequenceNumber: seq,
  streamSid: sid,
  dtmf: z.looseObject({ track: z.string().optional(), digit: z.string().regex(/^[0-9*#]$/, 'one of 0-9, * or #') }),
});

export const MarkMessageSchema = z.looseObject({
  event: z.literal('mark'),
  sequenceNumber: seq.optional(),
  streamSid: sid,
  mark: z.looseObject({ name: z.string().min(1).max(256) }),
});

export const StopMessageSchema = z.looseObject({
  event: z.literal('stop'),
  sequenceNumber: seq.optional(),
  streamSid: sid,
  stop: z.looseObject({ accountSid: sid.optional(), callSid: sid.optional() }).optional(),
});

const KNOWN = {
  connected: ConnectedMessageSchema,
  start: StartMessageSchema,
  media: MediaMessageSchema,
  dtmf: DtmfMessageSchema,
  mark: MarkMessageSchema,
  stop: StopMessageSchema,
} as const;

export type StreamMessage =
  | z.infer<typeof ConnectedMessageSchema>
  | z.infer<typeof StartMessageSchema>
  | z.infer<typeof MediaMessageSchema>
  | z.infer<typeof DtmfMessageSchema>
  | z.infer<typeof MarkMessageSchema>
  | z.infer<typeof StopMessageSchema>;

export type ParsedStreamMessage =
  | { ok: true; message: StreamMessage }
  | { ok: true; message: null; event: string }
  | { ok: false; reason: string };

/** One text frame from the carrier. Unknown events parse as `message: null` (tolerated, per §1.8). */
export function parseStreamMessage(text: string): ParsedStreamMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'stream messages are JSON text' };
  }
  const event = z.looseObject({ event: z.string().min(1) }).safeParse(json);
  if (!event.success) return { ok: false, reason: 'stream message without an event name' };
  const schema = KNOWN[event.data.event as keyof typeof KNOWN];
  if (!schema) return { ok: true, message: null, event: event.data.event.slice(0, 40) };
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `invalid ${event.data.event}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}

/** What we send back on a bidirectional stream (§1.3): audio, a mark after it, and clear for barge-in. */
export const outboundMedia = (streamSid: string, mulaw: Uint8Array) =>
  JSON.stringify({
    event: 'media',
    streamSid,
    media: { payload: Buffer.from(mulaw.buffer, mulaw.byteOffset, mulaw.byteLength).toString('base64') },
  });
export const outboundMark = (streamSid: string, name: string) => JSON.stringify({ event: 'mark', streamSid, mark: { name } });
export const outboundClear = (streamSid: string) => JSON.stringify({ event: 'clear', streamSid });
