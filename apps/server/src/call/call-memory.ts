import { ANNOUNCEMENT_PROMPT, type Effect } from '@switchboard/ivr';
import type { Announcement, Channel, EngineEvent, Industry, Jurisdiction, Tier } from '@switchboard/protocol';
import type { SpokenPrompt } from './ports.js';

/**
 * What the runtime must know about a call that the engine state does not hold, rebuilt on
 * resume. Consent, recording and card entry are the engine's (`@switchboard/ivr` selectors):
 * they are read from its state, never copied here.
 */
export interface CallMemory {
  /** Epoch ms of call start: `atMs` counts from here. */
  startedAtMs: number;
  connected: {
    caller: string;
    channel: Channel;
    tier: Tier;
    industry: Industry;
    jurisdiction: Jurisdiction;
    announcement: Announcement;
  } | null;
  /** The compliance store's id for the recording the engine started (made when the start ran). */
  recordingId: string | null;
  /**
   * The consent announcement, said but not yet played to the end (no `prompt.finished` for it):
   * a resumed call plays it again so the caller hears it whole. `atMs`: when it was said.
   */
  announcement: { prompt: SpokenPrompt; atMs: number } | null;
  /** Live engine timers: id → due time in call ms. */
  timers: Record<string, number>;
  queue: string | null;
  /** Number of `say` effects so far: makes `prompt.finished` ids deterministic across a restart. */
  says: number;
  ended: boolean;
  endedEmitted: boolean;
}

export function emptyMemory(startedAtMs: number): CallMemory {
  return {
    startedAtMs,
    connected: null,
    recordingId: null,
    announcement: null,
    timers: {},
    queue: null,
    says: 0,
    ended: false,
    endedEmitted: false,
  };
}

/** Bookkeeping for an accepted input, before its effects run. */
export function trackInput(m: CallMemory, event: EngineEvent): void {
  switch (event.type) {
    case 'call.connected': {
      const { caller, channel, tier, industry, jurisdiction, announcement } = event;
      m.connected = { caller, channel, tier, industry, jurisdiction, announcement };
      break;
    }
    case 'timer.fired':
      delete m.timers[event.timerId];
      break;
    case 'prompt.finished':
      if (event.promptId === ANNOUNCEMENT_PROMPT) m.announcement = null;
      break;
    default:
      break;
  }
}

/**
 * Bookkeeping for one effect, shared by live execution and replay: replay applies this without
 * performing the effect, so a resumed call knows its timers, announcement and queue.
 */
export function trackEffect(m: CallMemory, effect: Effect, atMs: number): void {
  switch (effect.type) {
    case 'startTimer':
      m.timers[effect.timerId] = atMs + effect.afterMs;
      break;
    case 'cancelTimer':
      delete m.timers[effect.timerId];
      break;
    case 'say':
      m.says += 1;
      if (effect.promptId === ANNOUNCEMENT_PROMPT)
        m.announcement = { prompt: { promptId: effect.promptId, text: effect.text, interruptible: effect.interruptible }, atMs };
      break;
    case 'enqueue':
      m.queue = effect.queue;
      break;
    case 'leaveQueue':
    case 'transfer':
      m.queue = null;
      break;
    case 'hangup':
      m.ended = true;
      m.queue = null;
      m.timers = {};
      break;
    case 'emit':
      if (effect.event.type === 'call.ended') {
        m.ended = true;
        m.endedEmitted = true;
        m.queue = null;
        m.timers = {};
      }
      break;
    default:
      break;
  }
}
