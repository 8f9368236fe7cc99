import type { HandoffContext } from '@switchboard/protocol';

/**
 * What the receiving agent hears (whisper) or reads before a warm transfer is bridged, so the
 * caller never repeats themselves (the lesson's warm transfer with `prior_summary`). One short
 * line, most useful first: the need, how long they waited, their mood, their words, the facts,
 * and whether the call is recorded (an agent must not assume a recording the caller refused).
 * Personal data beyond what the agent needs (the caller's number) stays out of the spoken text.
 */
export interface BriefInput {
  context: HandoffContext;
  queue: string;
  waitedMs: number;
  recorded: boolean;
}

export function agentBrief({ context, queue, waitedMs, recorded }: BriefInput): string {
  const minutes = Math.round(waitedMs / 60_000);
  const waited = minutes < 1 ? 'waited under a minute' : `waited ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const mood = context.sentiment === 'frustrated' ? 'frustrated — apologise first' : context.sentiment;
  const parts = [
    `${context.intent} caller from the ${queue} queue, ${waited}, ${mood}`,
    context.summary,
    recorded ? 'recorded' : 'NOT recorded',
  ];
  return `${parts.filter(Boolean).join('. ')}.`;
}
