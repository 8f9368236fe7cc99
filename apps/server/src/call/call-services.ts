import type { CallPlacer } from '@switchboard/carriers';
import type { ComplianceStore } from '@switchboard/compliance';
import type { CallEvent, Clock, Flow } from '@switchboard/protocol';
import type { SpeechToText } from '../adapters/stt/stt.js';
import type { TextToSpeech } from '../adapters/tts/tts.js';
import type { BatchedVad } from '../adapters/vad/batched-vad.js';
import type { Metrics } from '../observability/metrics.js';
import type { RecordingSink } from '../ws/recording-writer.js';
import type { AgentDirectory } from './agent-directory.js';
import type { CallDirectory } from './call-directory.js';
import type { CallQueue } from './call-queue.js';
import type { EventLog } from './event-log.js';
import type { Classifier, RuntimeLogger } from './ports.js';

/**
 * Everything a call needs, built once per process (start-server.ts) and shared by every door:
 * one queue, one placer, one agent directory, one directory of live calls. A door that builds
 * its own queue or leaves the placer out is the drift issue 11 removed.
 */
export interface CallServices {
  flow: Flow;
  classifier: Classifier;
  compliance: ComplianceStore;
  eventLog: EventLog;
  clock: Clock;
  logger?: RuntimeLogger | undefined;
  /** Shared by every door; default: a private in-memory queue (unit tests of one call only). */
  queue?: CallQueue | undefined;
  /** Carrier failover for agent legs; without it a transfer is announced without a carrier leg. */
  placer?: CallPlacer | undefined;
  /** Who serves each queue and where a transfer reaches them; default: console agents. */
  agents?: AgentDirectory | undefined;
  /** Live calls of this process (staff routes find them here); default: the process's directory. */
  calls?: CallDirectory | undefined;
  metrics?: Metrics | undefined;
  /** Consented caller audio (16 kHz); without it nothing is kept. */
  recordings?: RecordingSink | undefined;
  stt?: SpeechToText | undefined;
  /** Server VAD; absent when the Silero model could not be loaded. */
  vad?: BatchedVad | undefined;
  tts?: TextToSpeech | undefined;
  /** Every call's events, whichever door (process-wide observers: an operator view, tests). */
  observe?: ((callId: string, event: CallEvent) => void) | undefined;
}
