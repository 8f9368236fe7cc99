import {
  type CarrierAttempt,
  type Clock,
  createCarrierAdapter,
  FailoverRouter,
  type FailoverRouterOptions,
  type FetchLike,
  loadProviderConfigs,
  type ProviderConfig,
} from '@switchboard/carriers';
import { createRealClock } from '../../clock/real-clock.js';
import { nodeHttpFetch } from './node-http-fetch.js';

export { nodeHttpFetch } from './node-http-fetch.js';
export {
  type CarrierStatusEvent,
  type CarrierWebhookAppOptions,
  createCarrierWebhookApp,
  createCarrierWebhookApps,
  type InboundAnswer,
  type InboundCallEvent,
} from './webhook-app.js';

export interface CreateFailoverRouterOptions extends Partial<Omit<FailoverRouterOptions, 'clock'>> {
  /** Defaults to nodeHttpFetch (node:http keep-alive; much faster here than global fetch). */
  fetch?: FetchLike;
  /** Defaults to the wall clock. */
  clock?: Clock;
  /** Health probes every this many ms (default 30 000, the lesson's interval); 0 = never. */
  healthIntervalMs?: number;
  onAttempt?: (attempt: CarrierAttempt) => void;
}

export interface RunningFailoverRouter extends FailoverRouter {
  /** Stops the periodic health checks. */
  close(): void;
}

/**
 * The app's CallPlacer: the pure FailoverRouter with real fetch, the wall clock and a health
 * timer. `configs` may be raw (e.g. from a file): they are parsed here and a bad one throws
 * naming the field, so a malformed provider fails at start-up, not on the first call.
 */
export function createFailoverRouter(
  configs: readonly ProviderConfig[] | unknown,
  options: CreateFailoverRouterOptions = {},
): RunningFailoverRouter {
  const parsed = loadProviderConfigs(configs);
  const fetchImpl: FetchLike = options.fetch ?? nodeHttpFetch;
  const router = new FailoverRouter(
    parsed.map((c) => createCarrierAdapter(c, fetchImpl)),
    { webhookBaseUrl: 'http://127.0.0.1', ...options, clock: options.clock ?? createRealClock() },
  ) as RunningFailoverRouter;
  const intervalMs = options.healthIntervalMs ?? 30_000;
  const timer = intervalMs > 0 ? setInterval(() => void router.checkHealth().catch(() => undefined), intervalMs) : null;
  timer?.unref();
  router.close = () => {
    if (timer) clearInterval(timer);
  };
  return router;
}
