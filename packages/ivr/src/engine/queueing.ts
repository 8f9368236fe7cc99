import type { HandoffContext } from '@switchboard/protocol';
import { containsPhrase } from './answers.js';
import { greet } from './routing.js';
import type { Phase } from './state.js';
import { cancelTimer, emit, endCall, leaveQueue, prompt, startTimer, type Turn } from './turn.js';

/**
 * After a handoff: the queue, hold, warm transfer, callbacks and graceful degradation
 * (shared/DESIGN.md "Queue, hold, transfer"; issue 5 "Graceful degradation"). The estimate
 * itself comes from @switchboard/queue through the runtime's `queue.moved`.
 */
export function joinQueue(t: Turn): void {
  const route = t.s.route;
  const context = t.s.context;
  if (route === null || context === null) return;
  // Agents known to be down for this queue: don't park the caller in a queue nobody serves.
  if (t.s.agents[route] === 0) {
    voicemail(t);
    return;
  }
  t.effects.push({ type: 'enqueue', queue: route, context });
  t.s.enqueued = true;
  t.s.queue = null;
  hold(t);
}

function hold(t: Turn): void {
  t.s.phase = 'queued';
  t.effects.push({ type: 'play', asset: 'hold-music', loop: true });
  startTimer(t, 'queueUpdate', t.flow.queue.updateEveryMs);
}

/** Under this, minutes are not worth saying ("about 1 minutes"): the short wording is used. */
const SOON_SECONDS = 90;

function minutes(ewtSeconds: number): number {
  return Math.max(2, Math.round(ewtSeconds / 60));
}

function isSoon(t: Turn, position: number, ewtSeconds: number): boolean {
  return position <= t.flow.queue.soonAtPosition || ewtSeconds < SOON_SECONDS;
}

export function onQueueMoved(t: Turn, queue: string, position: number, ewtSeconds: number): void {
  if (t.s.phase !== 'queued' || queue !== t.s.route) return;
  const first = t.s.queue === null;
  const q = { position, ewtSeconds, announced: true, callbackOffered: t.s.queue?.callbackOffered ?? false };
  t.s.queue = q;
  let spoke = false;
  if (first) {
    const soon = ewtSeconds < SOON_SECONDS;
    prompt(t, soon ? 'queueUpdateSoon' : 'queueJoined', { position, minutes: minutes(ewtSeconds) });
    spoke = true;
  }
  if (!q.callbackOffered && ewtSeconds > t.flow.queue.callbackOfferAboveSeconds) {
    q.callbackOffered = true;
    prompt(t, 'callbackOffer');
    spoke = true;
  }
  if (spoke) t.effects.push({ type: 'play', asset: 'hold-music', loop: true });
}

/** Every updateEveryMs (60 s): where the caller is now, shorter once they are nearly there. */
export function onQueueUpdateDue(t: Turn): void {
  const q = t.s.queue;
  if (q !== null) {
    const soon = isSoon(t, q.position, q.ewtSeconds);
    prompt(t, soon ? 'queueUpdateSoon' : 'queueUpdate', { position: q.position, minutes: minutes(q.ewtSeconds) });
    emit(t, { type: 'queue.update', position: q.position, ewtSeconds: q.ewtSeconds });
    t.effects.push({ type: 'play', asset: 'hold-music', loop: true });
  }
  startTimer(t, 'queueUpdate', t.flow.queue.updateEveryMs);
}

/** Warm transfer: the agent is briefed with the one-line summary before the caller is bridged. */
export function onAgentAvailable(t: Turn, queue: string, agentId: string): void {
  const context = t.s.context;
  if (t.s.phase !== 'queued' || queue !== t.s.route || context === null) return;
  cancelTimer(t, 'queueUpdate');
  t.s.enqueued = false; // the queue handed this caller to the agent
  prompt(t, 'transferring');
  emit(t, { type: 'transfer', mode: 'warm', to: agentId, summary: context.summary });
  t.effects.push({ type: 'transfer', mode: 'warm', to: agentId, summary: context.summary, context });
  t.s.phase = 'transferred';
}

export function onAgentsChanged(t: Turn, queue: string, available: number): void {
  t.s.agents = { ...t.s.agents, [queue]: available };
  if (t.s.phase === 'queued' && queue === t.s.route && available === 0) voicemail(t);
}

/** DTMF while queued: 1 takes the offered callback; everything else keeps the caller's place. */
export function onQueuedDtmf(t: Turn, digit: string): void {
  if (digit === '1' && t.s.queue?.callbackOffered) callback(t);
}

/** Speech for callers without a keypad: "call me back" is 1, "I'll hold" is 2 (flow.queue.*Words). */
export function onChoiceSaid(t: Turn, text: string): void {
  const wantsCallback = t.flow.queue.callbackWords.some((w) => containsPhrase(text, w));
  const wantsHold = t.flow.queue.holdWords.some((w) => containsPhrase(text, w));
  if (wantsCallback === wantsHold) return; // neither, or both: not an answer
  if (t.s.phase === 'capacityChoice') onCapacityDtmf(t, wantsCallback ? '1' : '2');
  else if (t.s.phase === 'queued' && wantsCallback) onQueuedDtmf(t, '1');
}

export function callback(t: Turn): void {
  leaveQueue(t);
  t.effects.push({ type: 'scheduleCallback', context: contextOrMinimal(t) });
  emit(t, { type: 'callback.scheduled' });
  prompt(t, 'callbackConfirmed');
  endCall(t, 'callback-scheduled', { weHangUp: true });
}

/**
 * Agents unavailable → voicemail and a callback within 24 h. A caller who declined or withdrew
 * consent is never recorded in this call, so they get the callback without the voicemail.
 */
function voicemail(t: Turn): void {
  leaveQueue(t);
  cancelTimer(t, 'queueUpdate');
  emit(t, { type: 'degraded', mode: 'voicemail' });
  const mayRecord = t.s.consent.status === 'granted';
  t.effects.push({ type: 'scheduleCallback', context: contextOrMinimal(t) });
  emit(t, { type: 'callback.scheduled' });
  if (!mayRecord) {
    prompt(t, 'callbackWithoutVoicemail');
    endCall(t, 'callback-scheduled', { weHangUp: true });
    return;
  }
  prompt(t, 'voicemail');
  t.effects.push({ type: 'startVoicemail', queue: t.s.route ?? t.flow.fallbackIntent });
  t.s.phase = 'voicemail';
  startTimer(t, 'voicemail', t.flow.queue.voicemailMaxMs);
}

export function onVoicemailDone(t: Turn): void {
  prompt(t, 'voicemailSaved');
  endCall(t, 'voicemail', { weHangUp: true });
}

/** Carrier capacity exhausted: "press 1 for a callback, 2 to hold". */
export function askCapacityChoice(t: Turn, resume: Phase): void {
  cancelTimer(t, 'noInput');
  cancelTimer(t, 'queueUpdate');
  emit(t, { type: 'degraded', mode: 'callback' });
  prompt(t, 'capacityChoice');
  t.s.phase = 'capacityChoice';
  t.s.resumePhase = resume;
  startTimer(t, 'choice', t.flow.queue.choiceTimeoutMs);
}

export function onCapacityDtmf(t: Turn, digit: string): void {
  if (digit === '1') {
    cancelTimer(t, 'choice');
    callback(t);
  } else if (digit === '2') resumeAfterChoice(t);
}

/** "2 to hold", or no answer: keep the caller's place (or carry on with the dialogue). */
export function resumeAfterChoice(t: Turn): void {
  cancelTimer(t, 'choice');
  const resume = t.s.resumePhase;
  t.s.resumePhase = null;
  if (t.s.enqueued) {
    hold(t);
    return;
  }
  if (t.s.context !== null && (resume === 'queued' || resume === 'transferred')) {
    joinQueue(t);
    return;
  }
  greet(t);
}

export function outage(t: Turn): void {
  emit(t, { type: 'degraded', mode: 'outage' });
  prompt(t, 'outage');
  endCall(t, 'outage', { weHangUp: true });
}

function contextOrMinimal(t: Turn): HandoffContext {
  return (
    t.s.context ?? {
      callerId: t.s.call?.caller ?? 'unknown',
      intent: t.flow.fallbackIntent,
      statement: t.s.statements.join(' … '),
      sentiment: t.s.sentiment,
      entities: t.s.entities,
      summary: `${t.flow.fallbackIntent} — callback requested before routing`,
    }
  );
}
