import { isWithdrawal } from './answers.js';
import { ANNOUNCEMENT_PROMPT, beginConsent, consentPrompt, onConsentInput, withdraw } from './consent.js';
import {
  askCapacityChoice,
  onAgentAvailable,
  onAgentsChanged,
  onCapacityDtmf,
  onChoiceSaid,
  onQueuedDtmf,
  onQueueMoved,
  onQueueUpdateDue,
  onVoicemailDone,
  outage,
  resumeAfterChoice,
} from './queueing.js';
import { onDtmf, onNoInput, onSaid } from './routing.js';
import type { EngineState, TimerPurpose } from './state.js';
import { endCall, startTimer, type Turn, timerPurpose } from './turn.js';
import type { Step } from './types.js';

/**
 * The dialogue engine: `step(flow, state, event) → { state, effects }` (shared/DESIGN.md "The
 * engine"). Pure and total: no clock (time is `event.atMs`, timers are effects that come back as
 * `timer.fired`), no I/O, the input state is never mutated, a repeated input id is a no-op, and
 * an ended call ignores everything.
 *
 * What the runtime owes the engine (apps/server/src/call):
 *  - `prompt.finished {promptId: ANNOUNCEMENT_PROMPT}` when the consent announcement has played
 *    to the end. Required: no grant is decided without it (one-party notice is decided on it,
 *    an early yes waits for it); it also restarts the answer window and enables barge-in.
 *    Feed `prompt.finished` for other prompts too: no-input is counted from the end of speech.
 *  - `timer.fired {timerId}` for each `startTimer` not cancelled; restarting a purpose emits
 *    cancelTimer then startTimer with a new id, so a late firing of the old id is ignored.
 *  - after `enqueue`: `queue.moved` with the join position (spoken once), later moves (silent;
 *    the engine speaks every flow.queue.updateEveryMs and emits `queue.update` itself), then
 *    `agent.available` → warm transfer. `agents.changed {available: 0}` → voicemail. Never
 *    feed `queue.moved` with a null estimate (@switchboard/queue returns null when unstaffed):
 *    feed `agents.changed {available: 0}` instead.
 *  - `payment.started` / `payment.ended` around card entry: keys and speech in between are
 *    dropped unseen, but the runtime must also keep them out of its own log and STT.
 *  - Effects in order: `recordConsent` is durable before `startRecording` runs.
 */
export const step: Step<EngineState> = (flow, state, event) => {
  if (state.phase === 'ended' || state.seen.includes(event.id)) return { state, effects: [] };
  // The id list only grows: share nothing mutable, but don't deep-clone it on every step.
  const s = { ...structuredClone({ ...state, seen: [] }), seen: [...state.seen, event.id] };
  const t: Turn = { flow, event, s, effects: [] };
  apply(t);
  return { state: s, effects: t.effects };
};

function apply(t: Turn): void {
  const e = t.event;
  if (t.s.phase === 'idle') {
    if (e.type === 'call.connected') {
      const { callId, caller, channel, jurisdiction, announcement } = e;
      beginConsent(t, { callId, caller, channel, regime: jurisdiction.regime, retentionDays: jurisdiction.retentionDays, announcement });
    } else if (e.type === 'caller.hungup') endCall(t, 'caller-hungup', { weHangUp: false });
    // Card entry may be signalled before the call is connected; its digits stay masked either way.
    else if (e.type === 'payment.started') t.s.paying = true;
    else if (e.type === 'payment.ended') t.s.paying = false;
    return;
  }

  let fired: TimerPurpose | null = null;
  if (e.type === 'timer.fired') {
    fired = timerPurpose(t, e.timerId);
    if (fired === null) return; // stale or cancelled timer
    delete t.s.timers[fired];
  }
  // PCI DSS: while card entry is under way, keys and speech are card data. They are dropped
  // here, before any handler, so they reach no state, effect or event.
  if (t.s.paying && (e.type === 'caller.dtmf' || e.type === 'caller.said')) return;
  if (t.s.phase === 'consent' && onConsentInput(t, e, fired)) return;

  switch (e.type) {
    case 'call.connected':
      return; // a second connect for a live call is a carrier duplicate under a new id
    case 'caller.hungup':
      endCall(t, 'caller-hungup', { weHangUp: false });
      return;
    case 'carrier.failed':
      if (e.reason === 'all-down') {
        outage(t);
        return;
      }
      onCapacityExhausted(t);
      return;
    case 'payment.started':
      paymentStarted(t);
      return;
    case 'payment.ended':
      paymentEnded(t);
      return;
    case 'caller.said':
      if (t.s.phase === 'listening' || t.s.phase === 'menu') {
        onSaid(t, e.text, e.classification);
        return;
      }
      if (isWithdrawal(t.flow, e.text)) withdraw(t);
      else if (t.s.phase === 'queued' || t.s.phase === 'capacityChoice') onChoiceSaid(t, e.text);
      return;
    case 'caller.dtmf':
      if (t.s.phase === 'listening' || t.s.phase === 'menu') {
        onDtmf(t, e.digit);
        return;
      }
      if (t.s.phase === 'queued') {
        onQueuedDtmf(t, e.digit);
        return;
      }
      if (t.s.phase === 'capacityChoice') {
        onCapacityDtmf(t, e.digit);
        return;
      }
      return;
    case 'caller.interrupted':
      // Barge-in, except over the consent announcement (its completion is evidence).
      if (t.s.consent.announcementCompleted) t.effects.push({ type: 'stopSpeaking' });
      return;
    case 'consent.given':
      // The web No button after consent was granted is a withdrawal; a Yes never restarts recording.
      if (e.answer === 'no' && t.s.consent.status === 'granted') withdraw(t);
      return;
    case 'prompt.finished':
      if (e.promptId === ANNOUNCEMENT_PROMPT) t.s.consent.announcementCompleted = true;
      // "No input" counts from the end of what we said, not from when we started saying it.
      if ((t.s.phase === 'listening' || t.s.phase === 'menu') && t.s.timers.noInput !== undefined)
        startTimer(t, 'noInput', t.flow.noInputMs);
      return;
    case 'timer.fired':
      onTimer(t, fired);
      return;
    case 'queue.moved':
      onQueueMoved(t, e.queue, e.position, e.ewtSeconds);
      return;
    case 'agents.changed':
      onAgentsChanged(t, e.queue, e.available);
      return;
    case 'agent.available':
      onAgentAvailable(t, e.queue, e.agentId);
      return;
    default: {
      const unhandled: never = e;
      exhaustive(unhandled);
      return;
    }
  }
}

function onTimer(t: Turn, purpose: TimerPurpose | null): void {
  switch (purpose) {
    case 'noInput':
      if (t.s.phase === 'listening' || t.s.phase === 'menu') onNoInput(t);
      return;
    case 'queueUpdate':
      if (t.s.phase === 'queued') onQueueUpdateDue(t);
      return;
    case 'choice':
      if (t.s.phase === 'capacityChoice') resumeAfterChoice(t);
      return;
    case 'voicemail':
      if (t.s.phase === 'voicemail') onVoicemailDone(t);
      return;
    case 'consent':
    case null:
      return;
  }
}

function onCapacityExhausted(t: Turn): void {
  const phase = t.s.phase;
  // Consent stays first: ask the callback/hold choice as soon as it is decided.
  if (phase === 'consent') t.s.capacityPending = true;
  else if (phase === 'listening' || phase === 'menu' || phase === 'queued' || phase === 'transferred') askCapacityChoice(t, phase);
}

function paymentStarted(t: Turn): void {
  if (t.s.paying) return;
  t.s.paying = true;
  if (t.s.recording === 'on') {
    t.effects.push({ type: 'pauseRecording', reason: 'pci' });
    t.s.recording = 'paused';
    consentPrompt(t, 'pciPaused'); // issue 13: the caller is told, not paused silently
  }
  // Card entry takes as long as it takes; it is not "no input".
  if (t.s.timers.noInput !== undefined) {
    t.effects.push({ type: 'cancelTimer', timerId: t.s.timers.noInput });
    delete t.s.timers.noInput;
  }
}

function paymentEnded(t: Turn): void {
  if (!t.s.paying) return;
  t.s.paying = false;
  if (t.s.recording === 'paused') {
    t.effects.push({ type: 'resumeRecording' });
    t.s.recording = 'on';
    consentPrompt(t, 'pciResumed');
  } else if (t.s.recording === 'deferred' && t.s.call) {
    t.effects.push({ type: 'startRecording', retentionDays: t.s.call.retentionDays });
    t.s.recording = 'on';
  }
  if (t.s.phase === 'listening' || t.s.phase === 'menu') startTimer(t, 'noInput', t.flow.noInputMs);
}

/** Compile-time proof that every input type is handled. */
function exhaustive(_input: never): void {}
