import type { CallEventBody, EngineEvent, Flow } from '@switchboard/protocol';
import type { EngineState, TimerPurpose } from './state.js';
import type { Effect } from './types.js';

/**
 * One application of `step`: a private draft of the state plus the effects in order. Handlers
 * mutate the draft; `step` hands back a fresh object, so callers see a pure function.
 */
export interface Turn {
  readonly flow: Flow;
  readonly event: EngineEvent;
  readonly s: EngineState;
  readonly effects: Effect[];
}

export function emit(t: Turn, event: CallEventBody): void {
  t.effects.push({ type: 'emit', event });
}

export function say(t: Turn, promptId: string, text: string, interruptible = true): void {
  t.effects.push({ type: 'say', promptId, text, interruptible });
}

/** Says a flow prompt by key. */
export function prompt(t: Turn, key: keyof Flow['prompts'], vars: Record<string, string | number> = {}): void {
  say(t, key, fill(t.flow.prompts[key], vars));
}

export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** (Re)starts the one timer of this purpose; a new id makes any earlier firing stale. */
export function startTimer(t: Turn, purpose: TimerPurpose, afterMs: number): void {
  cancelTimer(t, purpose);
  t.s.timerSeq += 1;
  const timerId = `${purpose}#${t.s.timerSeq}`;
  t.s.timers[purpose] = timerId;
  t.effects.push({ type: 'startTimer', timerId, afterMs });
}

export function cancelTimer(t: Turn, purpose: TimerPurpose): void {
  const timerId = t.s.timers[purpose];
  if (timerId === undefined) return;
  delete t.s.timers[purpose];
  t.effects.push({ type: 'cancelTimer', timerId });
}

export function cancelAllTimers(t: Turn): void {
  for (const purpose of Object.keys(t.s.timers) as TimerPurpose[]) cancelTimer(t, purpose);
}

/** The purpose of a live timer, or null when the firing is stale or unknown. */
export function timerPurpose(t: Turn, timerId: string): TimerPurpose | null {
  for (const [purpose, id] of Object.entries(t.s.timers)) if (id === timerId) return purpose as TimerPurpose;
  return null;
}

/**
 * Ends the call exactly once: timers cancelled, recording stopped before `call.ended`, the
 * caller taken out of the queue, then our hang-up (unless the caller already hung up).
 */
export function endCall(t: Turn, reason: string, opts: { weHangUp: boolean }): void {
  if (t.s.phase === 'ended') return;
  cancelAllTimers(t);
  if (t.s.recording === 'on' || t.s.recording === 'paused') {
    t.effects.push({ type: 'stopRecording', discard: false });
    t.s.recording = 'stopped';
  }
  if (t.s.recording === 'deferred') t.s.recording = 'off';
  leaveQueue(t);
  if (opts.weHangUp) t.effects.push({ type: 'hangup', reason });
  emit(t, { type: 'call.ended', reason });
  t.s.phase = 'ended';
  t.s.endReason = reason;
}

export function leaveQueue(t: Turn): void {
  if (!t.s.enqueued || t.s.route === null) return;
  t.effects.push({ type: 'leaveQueue', queue: t.s.route });
  t.s.enqueued = false;
}
