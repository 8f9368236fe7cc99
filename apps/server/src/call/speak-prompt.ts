import type { CallInput } from './call-input.js';
import type { SpokenPrompt } from './ports.js';
import type { RuntimeContext } from './runtime-context.js';

/**
 * Says a prompt: the `prompt` event, then the audio hook; `prompt.finished` (with `finishedId`)
 * is fed only once the audio played to the end — at once in the simulator, which has no audio.
 * That input is the engine's evidence that the consent announcement was heard whole.
 */
export function speakPrompt(ctx: RuntimeContext, prompt: SpokenPrompt, finishedId: string): void {
  ctx.emit({ type: 'prompt', id: prompt.promptId, text: prompt.text });
  const finished: CallInput = { type: 'prompt.finished', id: finishedId, promptId: prompt.promptId };
  if (!ctx.audio) {
    ctx.feed(finished);
    return;
  }
  ctx.audio.speak(prompt).then(
    () => ctx.feed(finished),
    (error: unknown) => ctx.logger.warn({ callId: ctx.callId, promptId: prompt.promptId, err: String(error) }, 'prompt not played'),
  );
}
