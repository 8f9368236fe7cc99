import type { CallServices as SessionServices } from '../call/call-services.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { EventOutbox } from './event-outbox.js';

/** The process's call services (call/call-services.ts) plus what the web door adds: the event outbox and reconnect grace. */
export interface CallServices extends SessionServices {
  logger: Logger;
  metrics: Metrics;
  outbox: EventOutbox;
  /** A visitor whose socket is gone this long without reconnecting has left: the call ends (abandoned). */
  reconnectGraceMs?: number;
}
