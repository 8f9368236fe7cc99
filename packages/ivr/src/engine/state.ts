import type {
  Announcement,
  Channel,
  Classification,
  ConsentMethod,
  Entities,
  HandoffContext,
  Regime,
  Sentiment,
} from '@switchboard/protocol';

/** Where the dialogue is. `ended` absorbs every later input. */
export type Phase = 'idle' | 'consent' | 'listening' | 'menu' | 'queued' | 'capacityChoice' | 'voicemail' | 'transferred' | 'ended';

/**
 * Recording as the engine has ordered it. `deferred`: consent was granted while card entry was
 * under way, so the start waits for `payment.ended` (PCI: no card audio is ever stored).
 */
export type RecordingState = 'off' | 'deferred' | 'on' | 'paused' | 'stopped';

export type ConsentStatus = 'pending' | 'granted' | 'declined' | 'withdrawn';

/** Each purpose has at most one live timer; a firing whose id is not the live one is stale and ignored. */
export type TimerPurpose = 'consent' | 'noInput' | 'queueUpdate' | 'choice' | 'voicemail';

export interface CallFacts {
  callId: string;
  caller: string;
  channel: Channel;
  regime: Regime;
  retentionDays: number;
  announcement: Announcement;
  /** The consent language (the announcement's): its answers and prompts are used (issue 13). */
  language?: string;
}

/**
 * The whole dialogue state. Plain JSON: a call's state is the replay of `step` over its durable
 * event log, so it must survive `JSON.parse(JSON.stringify(state))` unchanged.
 */
export interface EngineState {
  phase: Phase;
  /** Input ids already applied (carriers deliver twice). */
  seen: string[];
  call: CallFacts | null;
  consent: {
    status: ConsentStatus;
    announcementCompleted: boolean;
    reasked: boolean;
    /** A yes given while the announcement was still playing: decided when it finishes. */
    pendingGrant: ConsentMethod | null;
    /** The window closed before the announcement finished once already. */
    windowExtended: boolean;
    /** A request said during the consent question: routed once consent is decided (issue 13). */
    pendingRequest?: { text: string; classification: Classification } | null;
  };
  recording: RecordingState;
  /** Card entry under way: DTMF is masked and never stored. */
  paying: boolean;
  timers: Partial<Record<TimerPurpose, string>>;
  timerSeq: number;
  noInputCount: number;
  clarifyAttempts: number;
  /** The intent read back by the confirmation turn, waiting for the caller's yes or no (issue 15). */
  confirming: string | null;
  /** What the caller said so far (never during card entry), for the handoff's statement. */
  statements: string[];
  entities: Entities;
  sentiment: Sentiment;
  /** Set at handoff; the queue, callback, voicemail and transfer all carry it. */
  context: HandoffContext | null;
  route: string | null;
  /** Known agents available per queue (from `agents.changed`). */
  agents: Record<string, number>;
  queue: { position: number; ewtSeconds: number; announced: boolean; callbackOffered: boolean } | null;
  enqueued: boolean;
  /** carrier.failed capacity arrived while consent was open: ask the callback/hold choice right after. */
  capacityPending: boolean;
  /** Where "2 to hold" returns to. */
  resumePhase: Phase | null;
  endReason: string | null;
}

export function initialState(): EngineState {
  return {
    phase: 'idle',
    seen: [],
    call: null,
    consent: { status: 'pending', announcementCompleted: false, reasked: false, pendingGrant: null, windowExtended: false },
    recording: 'off',
    paying: false,
    timers: {},
    timerSeq: 0,
    noInputCount: 0,
    clarifyAttempts: 0,
    confirming: null,
    statements: [],
    entities: {},
    sentiment: 'neutral',
    context: null,
    route: null,
    agents: {},
    queue: null,
    enqueued: false,
    capacityPending: false,
    resumePhase: null,
    endReason: null,
  };
}

export function isEnded(state: EngineState): boolean {
  return state.phase === 'ended';
}
