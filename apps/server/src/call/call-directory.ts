import { type EngineState, isPaying, type RecordingState } from '@switchboard/ivr';
import type { Channel, Flow } from '@switchboard/protocol';
import type { CallInput } from './call-input.js';
import type { CallRuntime, InputOutcome } from './call-runtime.js';
import type { EventLog } from './event-log.js';
import { ivrEngine } from './ivr-engine.js';

/** What staff see of a live call, read from the engine's state (the one owner) and the recording's id. */
export interface CallStatus {
  cardEntry: boolean;
  recording: RecordingState;
  recordingId: string | null;
}

export function callStatus(runtime: Pick<CallRuntime<EngineState>, 'state' | 'memory'>): CallStatus {
  const state = runtime.state();
  return { cardEntry: isPaying(state), recording: state.recording, recordingId: runtime.memory().recordingId };
}

/**
 * What a staff action needs of a live call: how it reached us, its one input function (the
 * session's, so card entry and hang-ups enter like every other input) and its status.
 */
export interface DirectoryEntry {
  readonly channel: Channel;
  input(input: CallInput): Promise<InputOutcome>;
  status(): CallStatus;
}

/** Anything that holds live calls (the process's directory, a test's own). Never opens one. */
export interface CallSource {
  find(callId: string): DirectoryEntry | undefined | Promise<DirectoryEntry | undefined>;
}

/**
 * The live calls of this process, whichever door they came through: each CallSession lists
 * itself while it runs (call-session.ts) and leaves when it ends or its door closes.
 */
export class CallDirectory implements CallSource {
  readonly #live = new Map<string, DirectoryEntry>();

  /**
   * Lists a call as live here; the returned release takes it off again — only this entry, so a
   * newer stream of the same call (resumed after a drop) stays listed.
   */
  add(callId: string, entry: DirectoryEntry): () => void {
    this.#live.set(callId, entry);
    return () => {
      if (this.#live.get(callId) === entry) this.#live.delete(callId);
    };
  }

  find(callId: string): DirectoryEntry | undefined {
    return this.#live.get(callId);
  }

  get size(): number {
    return this.#live.size;
  }
}

/**
 * This process's calls, for sessions that are not handed a directory. One per process is the honest scope: a call lives in exactly one process (docs/operations.md, "Scaling out").
 */
export const processCalls = new CallDirectory();

export type CallWhereabouts =
  | { where: 'here'; call: DirectoryEntry }
  /** Its durable log says the call is over. */
  | { where: 'ended' }
  /** Logged here but not live: routed off our IVR, or waiting for its stream/socket to resume it. */
  | { where: 'not-live' }
  /** No such call in this process (never existed, or it belongs to another process). */
  | { where: 'unknown' };

/**
 * "Where is call X" for staff routes: live in one of this process's sources, or else what its
 * durable log (per process) says — replayed through the pure engine, so a call that ended,
 * or ended before a restart, answers "ended" without being opened again.
 */
export async function locateCall(
  callId: string,
  where: { sources: readonly CallSource[]; log: EventLog; flow: Flow },
): Promise<CallWhereabouts> {
  for (const source of where.sources) {
    const entry = await source.find(callId);
    if (entry) return { where: 'here', call: entry };
  }
  const events = await where.log.read(callId);
  if (events.length === 0) return { where: 'unknown' };
  let state = ivrEngine.initialState();
  for (const event of events) state = ivrEngine.step(where.flow, state, event).state;
  return ivrEngine.isEnded(state) ? { where: 'ended' } : { where: 'not-live' };
}
