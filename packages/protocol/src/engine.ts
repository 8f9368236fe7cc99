import { z } from 'zod';
import { ClassificationSchema } from './classification.js';
import { HandoffContextSchema } from './events.js';
import { ChannelSchema, IndustrySchema, JurisdictionSchema, TierSchema } from './jurisdiction.js';

/**
 * The engine's inputs: `step(flow, state, event) → { state, effects }` (shared/DESIGN.md, "The engine").
 * Every input carries an `id` (the engine ignores a repeat: carriers deliver twice) and `atMs`
 * (ms since call start, from the injected clock). A call's state is the replay of `step` over
 * its durable log of these, so they are plain JSON.
 */
const input = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), id: z.string().min(1), atMs: z.number().int().nonnegative(), ...shape });

export const AnnouncementSchema = z.strictObject({
  id: z.string(),
  text: z.string(),
  /** SHA-256 hex of the text: part of the consent evidence. */
  sha256: z.string(),
  /** BCP 47 language it is spoken in: the consent answers and prompts follow it (issue 13). */
  language: z.string().optional(),
});
export type Announcement = z.infer<typeof AnnouncementSchema>;

export const EngineEventSchema = z.discriminatedUnion('type', [
  input('call.connected', {
    callId: z.string(),
    /** E.164, or "anonymous" when withheld. */
    caller: z.string(),
    channel: ChannelSchema,
    tier: TierSchema,
    industry: IndustrySchema,
    jurisdiction: JurisdictionSchema,
    announcement: AnnouncementSchema,
  }),
  /** Speech already recognised and classified by the runner, so `step` stays pure and replayable. */
  input('caller.said', { text: z.string(), classification: ClassificationSchema }),
  input('caller.dtmf', { digit: z.string().regex(/^[0-9*#]$/) }),
  input('caller.interrupted', {}),
  input('caller.hungup', {}),
  /** The web page's Yes/No button. */
  input('consent.given', { answer: z.enum(['yes', 'no']) }),
  input('prompt.finished', { promptId: z.string() }),
  input('timer.fired', { timerId: z.string() }),
  /** Card entry begins/ends (carrier <Pay>, a payment step, or the web's hosted page). */
  input('payment.started', {}),
  input('payment.ended', {}),
  input('queue.moved', { queue: z.string(), position: z.number().int().positive(), ewtSeconds: z.number().nonnegative() }),
  input('agents.changed', { queue: z.string(), available: z.number().int().nonnegative() }),
  input('agent.available', { queue: z.string(), agentId: z.string() }),
  /** No carrier could carry the call, or capacity is exhausted. */
  input('carrier.failed', { reason: z.enum(['all-down', 'capacity']) }),
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
export type EngineEventType = EngineEvent['type'];
