import { z } from 'zod';
import { EntitiesSchema, SentimentSchema } from './classification.js';
import { ChannelSchema, RegimeSchema } from './jurisdiction.js';

/**
 * Call events: what a call emits, on the simulator's stdout and on the web socket.
 * Every event has `type` and `atMs` (ms since call start). Fields and types may be added,
 * none renamed (shared/DESIGN.md, "Stable interfaces"). Objects are loose so that a reader
 * built against this version still accepts events from a newer writer.
 */
const ev = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.looseObject({ type: z.literal(type), atMs: z.number().int().nonnegative(), ...shape });

export const ConsentDecisionSchema = z.enum(['granted', 'declined']);
export type ConsentDecision = z.infer<typeof ConsentDecisionSchema>;
export const ConsentMethodSchema = z.enum(['voice', 'dtmf', 'web', 'notice', 'timeout']);
export type ConsentMethod = z.infer<typeof ConsentMethodSchema>;
export const DegradedModeSchema = z.enum(['voicemail', 'callback', 'outage']);
export type DegradedMode = z.infer<typeof DegradedModeSchema>;

/** Everything a receiving agent needs so the caller never repeats themselves. */
export const HandoffContextSchema = z.looseObject({
  callerId: z.string(),
  intent: z.string(),
  statement: z.string(),
  sentiment: SentimentSchema,
  entities: EntitiesSchema,
  summary: z.string(),
});
export type HandoffContext = z.infer<typeof HandoffContextSchema>;

export const CallEventSchema = z.discriminatedUnion('type', [
  ev('call.started', { callId: z.string(), channel: ChannelSchema, jurisdiction: z.string(), regime: RegimeSchema }),
  ev('prompt', { id: z.string(), text: z.string() }),
  ev('consent.requested', { regime: RegimeSchema }),
  ev('consent.decided', { decision: ConsentDecisionSchema, method: ConsentMethodSchema }),
  ev('consent.withdrawn', {}),
  ev('recording.started', { recordingId: z.string(), retentionDays: z.number().int().positive() }),
  ev('recording.paused', { reason: z.string() }),
  ev('recording.resumed', {}),
  ev('recording.stopped', {}),
  ev('recording.deleted', { recordingId: z.string(), reason: z.string() }),
  ev('transcript', { role: z.enum(['caller', 'system']), text: z.string() }),
  ev('intent', {
    intent: z.string(),
    confidence: z.number(),
    sentiment: SentimentSchema,
    entities: EntitiesSchema,
    via: z.enum(['speech', 'dtmf']),
  }),
  ev('clarify', { attempt: z.number().int().positive() }),
  /** A low-confidence spoken route is read back for a yes/no before queueing (issue 15; flow.confirmBelowConfidence). */
  ev('confirm', { intent: z.string(), confidence: z.number().min(0).max(1) }),
  ev('escalation', { reason: z.string() }),
  ev('handoff', { to: z.string(), context: HandoffContextSchema }),
  ev('queue.joined', { queue: z.string(), position: z.number().int().positive(), ewtSeconds: z.number().nonnegative() }),
  ev('queue.update', { position: z.number().int().positive(), ewtSeconds: z.number().nonnegative() }),
  ev('callback.scheduled', {}),
  ev('transfer', { mode: z.enum(['warm', 'cold']), to: z.string(), summary: z.string() }),
  ev('degraded', { mode: DegradedModeSchema }),
  ev('carrier.attempt', { provider: z.string(), ok: z.boolean(), error: z.string().nullable() }),
  ev('call.ended', { reason: z.string() }),
]);
export type CallEvent = z.infer<typeof CallEventSchema>;
export type CallEventType = CallEvent['type'];
/** A call event before the runner stamps its time. */
export type CallEventBody = CallEvent extends infer E ? (E extends { atMs: number } ? Omit<E, 'atMs'> : never) : never;
