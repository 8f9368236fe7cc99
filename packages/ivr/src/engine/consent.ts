import type { Classification, ConsentDecision, ConsentMethod, EngineEvent } from '@switchboard/protocol';
import { consentAnswer } from './answers.js';
import { type ConsentPrompts, consentLexicon } from './consent-lexicon.js';
import { onSaid, openDialogue } from './routing.js';
import type { CallFacts, TimerPurpose } from './state.js';
import { cancelTimer, emit, say, startTimer, type Turn } from './turn.js';

/** The announcement's prompt id: its `prompt.finished` is the "played to the end" evidence. */
export const ANNOUNCEMENT_PROMPT = 'consent.announcement';

/**
 * Consent comes first, before the greeting and before any audio is stored
 * (shared/DESIGN.md "Consent"). No grant is decided before the announcement has played to the
 * end: that is part of the evidence, and compliance refuses a grant without it. One-party:
 * the disclosure plays, then `notice`.
 */
export function beginConsent(t: Turn, call: CallFacts): void {
  // Issue 13: answers and prompts follow the announcement's language (the caller's country).
  t.s.call = { ...call, language: call.announcement.language ?? t.flow.language };
  t.s.phase = 'consent';
  emit(t, { type: 'consent.requested', regime: call.regime });
  say(t, ANNOUNCEMENT_PROMPT, call.announcement.text, false);
  startTimer(t, 'consent', answerWindowMs(t));
}

function answerWindowMs(t: Turn): number {
  return t.s.call?.regime === 'all-party' ? t.flow.consent.objectionWindowMs : t.flow.consent.answerTimeoutMs;
}

/** Inputs while the consent question is open. Returns false for inputs the caller should handle generically. */
export function onConsentInput(t: Turn, event: EngineEvent, fired: TimerPurpose | null): boolean {
  switch (event.type) {
    case 'prompt.finished':
      if (event.promptId !== ANNOUNCEMENT_PROMPT) return true;
      t.s.consent.announcementCompleted = true;
      if (t.s.consent.pendingGrant !== null) decide(t, 'granted', t.s.consent.pendingGrant);
      else if (t.s.call?.regime === 'one-party') decide(t, 'granted', 'notice');
      // The caller gets the whole window after hearing the whole announcement.
      else startTimer(t, 'consent', answerWindowMs(t));
      return true;
    case 'caller.dtmf':
      // While the consent question is open, 1 means yes and 2 means no (not billing/technical).
      if (event.digit === '1') grant(t, 'dtmf');
      else if (event.digit === '2') decide(t, 'declined', 'dtmf');
      else reaskOnce(t);
      return true;
    case 'consent.given':
      if (event.answer === 'yes') grant(t, 'web');
      else decide(t, 'declined', 'web');
      return true;
    case 'caller.said': {
      const reading = consentAnswer(t.flow, event.text, t.s.call?.language);
      // Issue 13: a request said instead of (or after) the answer is kept and routed once
      // consent is decided, so the caller does not have to repeat it.
      if (reading.request && isRoutable(t, event.classification))
        t.s.consent.pendingRequest = { text: event.text, classification: event.classification };
      if (reading.answer === 'yes') grant(t, 'voice');
      else if (reading.answer === 'no') decide(t, 'declined', 'voice');
      else reaskOnce(t);
      return true;
    }
    case 'timer.fired':
      if (fired === 'consent') onWindowClosed(t);
      return fired === 'consent';
    case 'caller.interrupted':
      // The announcement is not interruptible: hearing it whole is part of the evidence.
      return true;
    default:
      return false;
  }
}

/** A yes before the announcement has finished waits for it; a refusal never waits. */
function grant(t: Turn, method: ConsentMethod): void {
  if (t.s.consent.announcementCompleted) decide(t, 'granted', method);
  else t.s.consent.pendingGrant ??= method;
}

function onWindowClosed(t: Turn): void {
  const { regime } = t.s.call ?? {};
  if (!t.s.consent.announcementCompleted) {
    // The window runs from the end of the announcement; this one only guards against a
    // `prompt.finished` that never comes (a long announcement outlasts the first window).
    if (!t.s.consent.windowExtended) {
      t.s.consent.windowExtended = true;
      startTimer(t, 'consent', answerWindowMs(t));
    } else {
      // No proof the announcement was ever heard whole: no recording (the safe side).
      decide(t, 'declined', 'timeout');
    }
  } else if (regime === 'explicit-opt-in') {
    // GDPR Recital 32: silence is not consent — an explicit-opt-in timeout is a refusal.
    decide(t, 'declined', 'timeout');
  } else {
    // All-party: the objection window passed without an objection, so notice suffices.
    decide(t, 'granted', 'notice');
  }
}

/** A request worth routing: an intent the flow knows, said clearly enough to act on. */
function isRoutable(t: Turn, c: Classification): boolean {
  if (c.intent === t.flow.escalationIntent || c.sentiment === 'frustrated') return true;
  return (
    c.intent !== t.flow.fallbackIntent && t.flow.intents.some((i) => i.name === c.intent) && c.confidence >= t.flow.clarifyBelowConfidence
  );
}

/**
 * Unclear answer (a hedge, a question, a request, a key other than 1/2): ask once more with a
 * fresh window; after that, unclear input waits for the window to close, which applies the
 * regime's default (explicit opt-in declines, all-party is notice). One-party asks nothing.
 */
function reaskOnce(t: Turn): void {
  const regime = t.s.call?.regime;
  if (regime === 'one-party' || regime === undefined || t.s.consent.reasked) return;
  t.s.consent.reasked = true;
  consentPrompt(t, 'consentReask');
  startTimer(t, 'consent', answerWindowMs(t));
}

/**
 * A consent or card-entry prompt in the consent language: the flow's own wording when the call
 * is in the flow's language, else the shipped translation (consent-lexicon.ts).
 */
export function consentPrompt(t: Turn, key: keyof ConsentPrompts): void {
  const language = t.s.call?.language ?? t.flow.language;
  const base = (l: string) => l.toLowerCase().split('-')[0];
  const text = base(language) === base(t.flow.language) ? t.flow.prompts[key] : consentLexicon(language).prompts[key];
  say(t, key, text);
}

/** Records the decision durably (before any recording), announces it, then opens the dialogue. */
export function decide(t: Turn, decision: ConsentDecision, method: ConsentMethod): void {
  const call = t.s.call;
  if (call === null || t.s.consent.status !== 'pending') return;
  cancelTimer(t, 'consent');
  t.s.consent.status = decision;
  t.effects.push({
    type: 'recordConsent',
    decision,
    method,
    regime: call.regime,
    announcementId: call.announcement.id,
    announcementCompleted: t.s.consent.announcementCompleted,
  });
  emit(t, { type: 'consent.decided', decision, method });
  if (decision === 'granted') {
    if (t.s.paying) t.s.recording = 'deferred';
    else {
      t.effects.push({ type: 'startRecording', retentionDays: call.retentionDays });
      t.s.recording = 'on';
    }
  } else {
    consentPrompt(t, 'notRecording');
  }
  const pending = t.s.consent.pendingRequest ?? null;
  t.s.consent.pendingRequest = null;
  if (pending !== null && !t.s.capacityPending) {
    // The caller already said what they want: route it instead of asking again.
    t.s.phase = 'listening';
    onSaid(t, pending.text, pending.classification);
  } else openDialogue(t);
}

/**
 * Mid-call withdrawal ("stop recording", the web No button): stop, delete what was taken where
 * the regime requires it (explicit opt-in: the lawful basis is gone), never restart.
 */
export function withdraw(t: Turn): void {
  if (t.s.consent.status !== 'granted') {
    consentPrompt(t, 'notRecording');
    return;
  }
  t.s.consent.status = 'withdrawn';
  if (t.s.recording === 'on' || t.s.recording === 'paused') {
    t.effects.push({ type: 'stopRecording', discard: t.s.call?.regime === 'explicit-opt-in' });
  }
  t.s.recording = 'stopped';
  emit(t, { type: 'consent.withdrawn' });
  consentPrompt(t, 'recordingStopped');
}
