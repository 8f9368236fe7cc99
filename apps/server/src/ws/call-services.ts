import type { CallPlacer } from '@switchboard/carriers';
import type { ComplianceStore } from '@switchboard/compliance';
import type { Flow } from '@switchboard/protocol';
import type { SpeechToText } from '../adapters/stt/stt.js';
import type { TextToSpeech } from '../adapters/tts/tts.js';
import type { BatchedVad } from '../adapters/vad/batched-vad.js';
import type { CallQueue } from '../call/call-queue.js';
import type { EventLog } from '../call/event-log.js';
import type { Classifier } from '../call/ports.js';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { RecordingSink } from './recording-writer.js';
import type { EventOutbox } from './event-outbox.js';

/** Everything a live web call needs, built once at boot (app.ts) and shared by every call. */
export interface CallServices {
  flow: Flow;
  classifier: Classifier;
  compliance: ComplianceStore;
  eventLog: EventLog;
  outbox: EventOutbox;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  queue: CallQueue;
  tts?: TextToSpeech;
  stt?: SpeechToText;
  /** Absent when the Silero model could not be loaded: server-VAD mode is then refused. */
  vad?: BatchedVad;
  placer?: CallPlacer;
  recordings?: RecordingSink;
  /** A visitor whose socket is gone this long without reconnecting has left: the call ends (abandoned). */
  reconnectGraceMs?: number;
}
