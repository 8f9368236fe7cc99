import type { Effect } from '@switchboard/ivr';
import { storeTranscript } from './call-transcript.js';
import { pauseRecording, recordConsent, resumeRecording, startRecording, stopRecording } from './compliance-effects.js';
import { joinQueue, leaveQueue, transfer } from './handoff-effects.js';
import type { RuntimeContext } from './runtime-context.js';
import { speakPrompt } from './speak-prompt.js';

export interface TimerControl {
  /** Arms an engine timer due at `dueAtMs` (call time); its firing comes back as `timer.fired`. */
  arm(timerId: string, dueAtMs: number): void;
  disarm(timerId: string): void;
}

/** Executes one engine effect, in order; durable writes are awaited before the next effect. */
export async function executeEffect(ctx: RuntimeContext, timers: TimerControl, effect: Effect, atMs: number): Promise<void> {
  const { memory, logger, callId, audio } = ctx;
  switch (effect.type) {
    case 'emit':
      ctx.emit(effect.event);
      break;
    case 'say': {
      const { promptId, text, interruptible } = effect;
      speakPrompt(ctx, { promptId, text, interruptible }, `prompt.finished:${memory.says + 1}`);
      // What we said, under the consent that stands once this step is taken.
      await storeTranscript(ctx, 'system', text, atMs, ctx.standing());
      break;
    }
    case 'play':
      audio?.play(effect.asset, effect.loop);
      break;
    case 'stopSpeaking':
      audio?.stopSpeaking();
      break;
    case 'startTimer':
      timers.disarm(effect.timerId);
      timers.arm(effect.timerId, atMs + effect.afterMs);
      break;
    case 'cancelTimer':
      timers.disarm(effect.timerId);
      break;
    case 'recordConsent':
      await recordConsent(ctx, effect, atMs);
      break;
    case 'startRecording':
      await startRecording(ctx, effect);
      break;
    case 'pauseRecording':
      await pauseRecording(ctx, effect);
      break;
    case 'resumeRecording':
      await resumeRecording(ctx);
      break;
    case 'stopRecording':
      await stopRecording(ctx, effect);
      break;
    case 'enqueue':
      // The engine speaks the 60 s updates on its own timer from the positions fed back here.
      joinQueue(ctx, effect.queue, `joined@${atMs}`, { announce: true });
      break;
    case 'leaveQueue':
      leaveQueue(ctx, effect.queue);
      break;
    case 'transfer':
      if (memory.queue) leaveQueue(ctx, memory.queue);
      await transfer(ctx, effect);
      break;
    case 'scheduleCallback':
      logger.info({ callId, route: effect.context.intent }, 'callback requested');
      break;
    case 'startVoicemail':
      audio?.startVoicemail?.(effect.queue);
      break;
    case 'hangup':
      ctx.emit({ type: 'call.ended', reason: effect.reason });
      break;
    default: {
      const never: never = effect;
      throw new Error(`unknown effect ${JSON.stringify(never)}`);
    }
  }
}
