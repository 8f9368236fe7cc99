import type { CallMemory } from './call-memory.js';
import type { RuntimeContext } from './runtime-context.js';
import { speakPrompt } from './speak-prompt.js';

/**
 * A call resumed while its consent announcement was still playing (said, no `prompt.finished`
 * logged, consent still pending): nothing would ever finish it, so the consent window would
 * close on a caller who never heard it whole — a refusal under explicit opt-in, and evidence
 * that says "not heard". So the announcement is played again, as a fresh play:
 *
 * - the live timers (the answer window started with the announcement, or its extension) move
 *   forward by the time since the announcement was first said, so the caller gets the same
 *   window from the replay's start as from the original one;
 * - it is said through the audio hook again, and `prompt.finished` is fed only when the replay
 *   has played to the end, so `announcementCompleted` stays truthful. Its id is new per replay:
 *   a replay cut short by another restart leaves no finish behind and is replayed again.
 *
 * Call before the resumed timers are armed. Not recorded in the log: only the finish is an input.
 */
export function replayAnnouncement(ctx: RuntimeContext, pending: NonNullable<CallMemory['announcement']>, nowAtMs: number): void {
  const shift = Math.max(0, nowAtMs - pending.atMs);
  const timers = ctx.memory.timers;
  for (const timerId of Object.keys(timers)) timers[timerId] = (timers[timerId] ?? nowAtMs) + shift;
  ctx.logger.info({ callId: ctx.callId, promptId: pending.prompt.promptId, shiftMs: shift }, 'announcement replayed after resume');
  speakPrompt(ctx, pending.prompt, `prompt.finished:${pending.prompt.promptId}:replay@${nowAtMs}`);
}
