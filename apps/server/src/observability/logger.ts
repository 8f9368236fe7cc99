import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Development only: keep pii.* readable. */
  showPii?: boolean;
  destination?: DestinationStream;
}

/**
 * Structured logs; personal data only under `pii.*` (shared/STYLE.md), which is redacted unless
 * SWITCHBOARD_LOG_PII is set. Card digits are never logged at all, redacted or not.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'switchboard' },
      redact: options.showPii ? [] : { paths: ['pii', '*.pii', '*.*.pii'], censor: '[redacted]' },
    },
    options.destination,
  );
}
