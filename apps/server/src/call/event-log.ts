import type { EngineEvent } from '@switchboard/protocol';

/**
 * The durable per-call log of engine inputs (shared/DESIGN.md, "Calls survive restarts"): the
 * runtime appends each input BEFORE stepping, and a call's state is the replay of `step` over
 * it. Appending an id that is already in the call's log is a no-op that resolves `false`
 * (carriers deliver twice).
 */
export interface EventLog {
  /** Resolves once the event is durable; `false` when this call already has an event with this id. */
  append(callId: string, event: EngineEvent): Promise<boolean>;
  /** Every event of the call, in append order. */
  read(callId: string): Promise<EngineEvent[]>;
  /**
   * Facts the runtime minted while executing effects and needs after a restart (the call's
   * start time, the recording id). Effects are never re-executed on replay, so these are kept
   * beside the log. Setting a key again overwrites it.
   */
  annotate(callId: string, key: string, value: string): Promise<void>;
  annotations(callId: string): Promise<Record<string, string>>;
}
