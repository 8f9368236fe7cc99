import type { CallEvent, ServerMessage } from '@switchboard/protocol';
import type { ActiveModes } from '../stats/pipeline-stats';

export type CallPhase = 'idle' | 'starting' | 'live' | 'reconnecting' | 'ended' | 'failed';

export interface TranscriptLine {
  key: string;
  role: 'system' | 'caller';
  text: string;
}

/** A plain-words notice about a fallback in use (permission, origin, worklet, VAD, mic). */
export interface Notice {
  kind:
    | 'permission-denied'
    | 'insecure-origin'
    | 'no-audio-worklet'
    | 'server-vad'
    | 'no-microphone'
    | 'connection'
    | 'server-error'
    | 'card-entry';
  message: string;
  link?: { href: string; label: string };
}

export interface CallState {
  phase: CallPhase;
  callId: string | null;
  transcript: TranscriptLine[];
  /** The consent question is open: show Yes/No (the web consent method). */
  consentOpen: boolean;
  /**
   * The consent announcement is still playing. The server refuses an answer before it has played
   * to the end (hearing it whole is part of the evidence), so the buttons wait for it.
   */
  announcementPlaying: boolean;
  /** Prompt id of the announcement: the first prompt after consent.requested. */
  announcementId: string | null;
  consent: 'granted' | 'declined' | null;
  /** Where the IVR routed the call (intent), once known. */
  route: { intent: string; via: 'speech' | 'dtmf' } | null;
  escalated: boolean;
  queue: { position: number; ewtSeconds: number } | null;
  transferredTo: string | null;
  callerSpeaking: boolean;
  systemSpeaking: boolean;
  modes: ActiveModes;
  notices: Notice[];
  endedReason: string | null;
  /** No microphone path: the keypad and text box are the way in. */
  textOnly: boolean;
}

export const initialCallState: CallState = {
  phase: 'idle',
  callId: null,
  transcript: [],
  consentOpen: false,
  announcementPlaying: false,
  announcementId: null,
  consent: null,
  route: null,
  escalated: false,
  queue: null,
  transferredTo: null,
  callerSpeaking: false,
  systemSpeaking: false,
  modes: { capture: 'none', vad: 'none', transport: 'none' },
  notices: [],
  endedReason: null,
  textOnly: false,
};

/** Applies one call event (protocol events.ts) to what the widget shows. Pure. */
export function applyCallEvent(state: CallState, event: CallEvent, seq: number): CallState {
  switch (event.type) {
    case 'call.started':
      return { ...state, callId: event.callId, phase: 'live' };
    case 'prompt': {
      const first = state.consentOpen && state.announcementId === null;
      // a later prompt means the announcement is over, even if its tts end never reached us
      return {
        ...state,
        transcript: [...state.transcript, { key: `s${seq}`, role: 'system', text: event.text }],
        ...(first ? { announcementId: event.id, announcementPlaying: true } : { announcementPlaying: false }),
      };
    }
    case 'transcript':
      // prompts already appear as `prompt` events; only the caller's side comes from here
      if (event.role !== 'caller') return state;
      return { ...state, transcript: [...state.transcript, { key: `c${seq}`, role: 'caller', text: event.text }] };
    case 'consent.requested':
      return { ...state, consentOpen: true, announcementId: null, announcementPlaying: false };
    case 'consent.decided':
      return { ...state, consentOpen: false, announcementPlaying: false, consent: event.decision };
    case 'intent':
      return { ...state, route: { intent: event.intent, via: event.via } };
    case 'escalation':
      return { ...state, escalated: true };
    case 'queue.joined':
    case 'queue.update':
      return { ...state, queue: { position: event.position, ewtSeconds: event.ewtSeconds } };
    case 'transfer':
      return { ...state, transferredTo: event.to, queue: null };
    case 'degraded':
      return {
        ...state,
        notices: [...state.notices, { kind: 'server-error', message: degradedWords[event.mode] }],
      };
    // The agent started card entry (PCI pause): say so while it lasts.
    case 'recording.paused':
      return event.reason === 'pci' ? addNotice(state, { kind: 'card-entry', message: cardEntryWords }) : state;
    case 'recording.resumed':
      return { ...state, notices: state.notices.filter((n) => n.kind !== 'card-entry') };
    case 'call.ended':
      return { ...state, phase: 'ended', endedReason: event.reason, consentOpen: false, callerSpeaking: false };
    default:
      return state;
  }
}

const cardEntryWords = 'Card entry: recording is paused and what you say or key in is not transcribed.';

const degradedWords = {
  voicemail: 'No one is available right now; you can leave a message.',
  callback: 'It is busy right now; we can call you back.',
  outage: 'Our phone lines are down at the moment. Please try again later.',
} as const;

/** Applies one server message; events go through applyCallEvent. */
export function applyServerMessage(state: CallState, msg: ServerMessage): CallState {
  switch (msg.type) {
    case 'ready':
      return {
        ...state,
        callId: msg.callId,
        phase: state.phase === 'ended' ? state.phase : 'live',
        modes: { ...state.modes, vad: msg.vad },
      };
    case 'event':
      return applyCallEvent(state, msg.event, msg.seq);
    case 'vad':
      return { ...state, callerSpeaking: msg.state === 'speech.start' };
    case 'tts': {
      const ended = msg.state === 'end' && msg.promptId === state.announcementId;
      return { ...state, systemSpeaking: msg.state === 'start', ...(ended ? { announcementPlaying: false } : {}) };
    }
    case 'error':
      return { ...state, notices: [...state.notices, { kind: 'server-error', message: msg.message }] };
  }
}

/**
 * The caller's own side, added locally: that they spoke, or which key they pressed. The words
 * themselves (spoken or typed) arrive as the server's `transcript` events.
 */
export function callerLine(state: CallState, key: string, text: string): CallState {
  return { ...state, transcript: [...state.transcript, { key, role: 'caller', text }] };
}

/** The visitor answered in the page: hide the question until the server decides or asks again. */
/** Safety net when no `tts end` arrives for the announcement (see CallController). */
export function announcementOver(state: CallState): CallState {
  return state.announcementPlaying ? { ...state, announcementPlaying: false } : state;
}

/** espeak-ng at its default rate speaks ~12 characters a second; the margin covers synthesis. */
export function announcementBudgetMs(text: string): number {
  return text.length * 85 + 4_000;
}

export function consentAnswered(state: CallState): CallState {
  return { ...state, consentOpen: false };
}

export function addNotice(state: CallState, notice: Notice): CallState {
  if (state.notices.some((n) => n.kind === notice.kind)) return state;
  return { ...state, notices: [...state.notices, notice] };
}
