import type { CallEventBody, ConsentDecision, ConsentMethod, EngineEvent, Flow, HandoffContext, Regime } from '@switchboard/protocol';

/**
 * Effects are data the runtime executes (apps/server/src/call). The engine never performs I/O.
 * Order matters: the runtime executes effects in order and awaits each durable write, so a
 * `recordConsent` placed before `startRecording` is on disk before any audio is stored.
 */
export type Effect =
  /** An observable fact the engine decided (consent.*, intent, clarify, escalation, handoff, degraded, call.ended …). */
  | { type: 'emit'; event: CallEventBody }
  /** Speak a prompt; the runtime emits `prompt` and later feeds `prompt.finished`. */
  | { type: 'say'; promptId: string; text: string; interruptible: boolean }
  | { type: 'play'; asset: 'hold-music'; loop: boolean }
  | { type: 'stopSpeaking' }
  | { type: 'startTimer'; timerId: string; afterMs: number }
  | { type: 'cancelTimer'; timerId: string }
  /** Persist consent evidence durably (awaited before the next effect). */
  | {
      type: 'recordConsent';
      decision: ConsentDecision;
      method: ConsentMethod;
      regime: Regime;
      announcementId: string;
      announcementCompleted: boolean;
    }
  /** The runtime mints an unguessable recording id and emits `recording.started`. */
  | { type: 'startRecording'; retentionDays: number }
  | { type: 'pauseRecording'; reason: string }
  | { type: 'resumeRecording' }
  /** discard: delete what was taken (withdrawal where the regime requires it). */
  | { type: 'stopRecording'; discard: boolean }
  /** The runtime joins the queue and emits `queue.joined`; it feeds back `queue.moved` / `agent.available`. */
  | { type: 'enqueue'; queue: string; context: HandoffContext }
  /** Take the caller out of the queue (callback chosen, voicemail, hang-up, outage). Added by the engine area. */
  | { type: 'leaveQueue'; queue: string }
  /** Warm: the receiving agent is briefed with `summary` first. The runtime places the agent leg through the carriers. */
  | { type: 'transfer'; mode: 'warm' | 'cold'; to: string; summary: string; context: HandoffContext }
  | { type: 'scheduleCallback'; context: HandoffContext }
  /** Take a voicemail (agents unavailable); recorded only under the call's consent decision. */
  | { type: 'startVoicemail'; queue: string }
  | { type: 'hangup'; reason: string };

export type EffectType = Effect['type'];

/** The pure transition. Total: never throws, ignores repeated event ids. */
export type Step<S> = (flow: Flow, state: S, event: EngineEvent) => { state: S; effects: Effect[] };
