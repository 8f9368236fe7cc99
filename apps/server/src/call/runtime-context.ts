import type { CallPlacer } from '@switchboard/carriers';
import type { ComplianceStore } from '@switchboard/compliance';
import type { ConsentStatus } from '@switchboard/ivr';
import type { CallEventBody, Clock } from '@switchboard/protocol';
import type { AgentDirectory } from './agent-directory.js';
import type { CallInput } from './call-input.js';
import type { CallMemory } from './call-memory.js';
import type { CallQueue } from './call-queue.js';
import type { EventLog } from './event-log.js';
import type { CallAudio, RuntimeLogger } from './ports.js';

/** What the effect executors share with the runtime that owns them. */
export interface RuntimeContext {
  readonly callId: string;
  readonly clock: Clock;
  readonly compliance: ComplianceStore;
  readonly placer: CallPlacer | undefined;
  readonly queue: CallQueue;
  readonly log: EventLog;
  readonly logger: RuntimeLogger;
  readonly audio: CallAudio | undefined;
  readonly memory: CallMemory;
  /** Consent and card entry as the engine's current state holds them. */
  standing(): { consent: ConsentStatus; paying: boolean };
  readonly newRecordingId: () => string;
  /** Where a transfer reaches an agent, and the caller ID the business shows on the leg. */
  readonly agents: AgentDirectory;
  /** Stamps `atMs` and hands the event to the sink. */
  emit(event: CallEventBody): void;
  /** Queues an input behind the one being processed (results of effects: agent picked, carrier failed). */
  feed(input: CallInput): void;
}
