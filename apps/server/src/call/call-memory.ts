import { ANNOUNCEMENT_PROMPT, type Effect } from '@switchboard/ivr';
import type { Announcement, Channel, EngineEvent, Industry, Jurisdiction, Tier } from '@switchboard/protocol';
import type { SpokenPrompt } from './ports.js';

/** What the runtime must know about a call beyond the engine state, rebuilt on resume. */
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
  recordingId: string | null;
  /** The consent decision as the engine ordered it: transcripts are stored only under `granted`. */
  consent: 'pending' | 'granted' | 'declined' | 'withdrawn';
  /**
   * The consent announcement, said but not yet played to the end (no `prompt.finished` for it):
   * a resumed call plays it again so the caller hears it whole. `atMs`: when it was said.
   */
  announcement: { prompt: SpokenPrompt; atMs: number } | null;
  recording: 'off' | 'active' | 'paused' | 'stopped';
  /** Card entry under way: DTMF is dropped and speech digits masked before anything sees them. */
  cardEntry: boolean;
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
    consent: 'pending',
    announcement: null,
    recording: 'off',
    cardEntry: false,
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
    case 'payment.started':
      m.cardEntry = true;
      break;
    case 'payment.ended':
      m.cardEntry = false;
      break;
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
 * performing the effect, so a resumed call knows its timers, recording and queue.
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
    case 'recordConsent':
      m.consent = effect.decision;
      break;
    case 'startRecording':
      m.recording = 'active';
      break;
    case 'pauseRecording':
      if (m.recording === 'active') m.recording = 'paused';
      m.cardEntry = true;
      break;
    case 'resumeRecording':
      if (m.recording === 'paused') m.recording = 'active';
      m.cardEntry = false;
      break;
    case 'stopRecording':
      if (m.recording !== 'off') m.recording = 'stopped';
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
      if (effect.event.type === 'consent.withdrawn') m.consent = 'withdrawn';
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
