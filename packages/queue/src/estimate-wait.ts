/**
 * Estimated wait for a caller at a known queue position.
 *
 * Not the lesson's `position × 180 s`, which ignores how many agents are answering. The model is
 * the one behind Erlang C (M/M/N: N agents, handle times exponential with mean AHT): idle agents
 * take the first `available` callers at once; everyone behind them waits for agents to finish.
 * With N agents busy and memoryless handle times, finishes arrive at rate N / AHT, so the caller
 * needing the k-th finish waits k × AHT / N on average. Erlang C itself answers a different
 * question (the chance that a *new* caller waits at all, from arrival rates); here each caller's
 * position is known, so the conditional form is exact under the same assumptions.
 *
 * Returns null when nobody staffs the queue: the wait is unbounded, and the honest answer is
 * the graceful-degradation path (voicemail / callback), not a number.
 */
export interface WaitInputs {
  /** 1 = next to be answered. */
  position: number;
  /** Agents signed in to this queue (busy or idle). */
  staffed: number;
  /** Of those, idle right now. */
  available: number;
  averageHandleSeconds: number;
}

export function estimateWaitSeconds({ position, staffed, available, averageHandleSeconds }: WaitInputs): number | null {
  if (!(staffed > 0)) return null;
  const idle = Math.max(0, Math.min(available, staffed));
  const finishesNeeded = Math.max(0, position - idle);
  if (finishesNeeded === 0) return 0;
  return Math.round((finishesNeeded * Math.max(0, averageHandleSeconds)) / staffed);
}
