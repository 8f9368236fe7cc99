import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { createNodeWebSocket } from '@hono/node-ws';
import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { UpgradeWebSocket } from 'hono/ws';
import type { LiveKitConfig } from './adapters/livekit/livekit-tokens.js';
import type { RecordingVault } from './adapters/recordings/recording-vault.js';
import type { TokenStore } from './auth/token-store.js';
import { processCalls } from './call/call-directory.js';
import { authRoutes } from './http/auth-routes.js';
import { bodyLimits } from './http/body-limits.js';
import { cardEntryRoute } from './http/card-entry-route.js';
import { checkSocketOrigin, type OriginPolicy, widgetCors } from './http/cors.js';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.js';
import { livekitRoutes } from './http/livekit-routes.js';
import { type AbuseLimitsConfig, abuseLimits } from './http/rate-limits.js';
import { recordingsRoute } from './http/recordings-route.js';
import { sessionsRoute } from './http/sessions-route.js';
import { staticCacheHeaders } from './http/static-cache.js';
import type { WebhookDedup } from './http/webhook-dedup.js';
import { webhookReplayGuard } from './http/webhook-replay-guard.js';
import { webhookSourceLabel } from './http/webhook-source-label.js';
import type { CallHub } from './ws/call-hub.js';
import { callSocketHandler } from './ws/call-socket-route.js';

export interface AppDeps {
  hub: CallHub;
  tokens: TokenStore;
  dedup: WebhookDedup;
  readiness: ReadinessCheck;
  publicUrl?: string;
  livekit?: LiveKitConfig;
  recordings?: RecordingVault;
  /** Carrier webhooks (apps/server/src/adapters/carriers), mounted at /webhooks/<provider>. */
  carrierWebhooks?: Hono;
  /** Carrier media-stream sockets (pstn/media-stream-route.ts), mounted at /webhooks/<provider>/media-stream. */
  carrierSockets?: (upgradeWebSocket: UpgradeWebSocket) => Hono;
  /** The built web app (apps/web/dist), served at / when present. */
  webDist?: string;
  staff: { adminUser: string; adminPasswordHash?: string; sessionTtlMs: number };
  /** Rate limits on new sessions and staff login (env.ts; the defaults below otherwise). */
  limits?: AbuseLimitsConfig;
  /** Other web origins that may embed the widget (SWITCHBOARD_ALLOWED_ORIGINS); same-origin always may. */
  allowedOrigins?: readonly string[];
}

export const DEFAULT_ABUSE_LIMITS: AbuseLimitsConfig = {
  trustedProxyHops: 0,
  sessionsPerIpPerMinute: 10,
  sessionsPerMinute: 600,
  loginFailuresPerIp: 5,
  loginsPerMinute: 30,
};

/** WebSocket frames larger than this are refused by ws itself (close 1009) before we buffer them. */
const MAX_WS_PAYLOAD_BYTES = 64 * 1024;

/**
 * The Hono app: API, live-call sockets, webhooks, metrics and the web app. One onError turns
 * HTTPExceptions into JSON (shared/STYLE.md); anything else is a logged 500 with no detail.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  const { injectWebSocket, upgradeWebSocket, wss } = createNodeWebSocket({ app });
  wss.options.maxPayload = MAX_WS_PAYLOAD_BYTES;
  const { logger, metrics } = deps.hub.services;

  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.json({ error: error.message || 'error', status: error.status }, error.status);
    logger.error({ err: error instanceof Error ? error.message : String(error), path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal error', status: 500 }, 500);
  });
  const jsonNotFound = (c: Context) => c.json({ error: 'not found', status: 404 }, 404);
  app.notFound((c) => (/^\/(api|webhooks|ws)\//.test(c.req.path) ? jsonNotFound(c) : c.text('not found', 404)));

  // Before anything reads a body: oversized requests are refused unread (http/body-limits.ts).
  app.use('*', bodyLimits());

  // The embeddable widget (docs/embedding.md): listed origins only, on the API, the call socket and its assets.
  const origins: OriginPolicy = { allowed: new Set(deps.allowedOrigins ?? []), ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) };
  app.use('/api/*', widgetCors(origins, { refuse: true }));
  app.use('/ws/*', checkSocketOrigin(origins));
  for (const assets of ['/embed/*', '/vendor/*', '/worklets/*', '/assets/*']) app.use(assets, widgetCors(origins, { refuse: false }));

  // Server-side webhook handling time, per sender (/webhooks/<source>/...): what the sender waits
  // for beyond the network, without the sender's own event loop in the figure. The label is a
  // sender with a registered route, else "unknown": junk paths add no series (issue 13).
  app.use('/webhooks/*', async (c, next) => {
    const started = performance.now();
    await next();
    metrics.webhookSeconds.observe({ source: webhookSourceLabel(c) }, (performance.now() - started) / 1000);
  });
  app.use('/webhooks/*', webhookReplayGuard(deps.dedup));
  const limits = abuseLimits(deps.limits ?? DEFAULT_ABUSE_LIMITS);
  app.use('/api/sessions', limits.sessions);
  app.use('/api/auth/login', limits.login);
  app.route('/', healthRoutes(metrics, deps.readiness));
  app.route(
    '/',
    sessionsRoute(deps.hub, {
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
      ...(deps.livekit ? { livekit: deps.livekit } : {}),
    }),
  );
  app.route('/', authRoutes(deps.tokens, { ...deps.staff, secureCookies: deps.publicUrl?.startsWith('https:') ?? false }));
  app.route('/', recordingsRoute(deps.tokens, deps.hub.services.compliance, deps.recordings));
  // Every live call, whichever door, from the one call directory its session lists itself in.
  const { compliance, eventLog, flow } = deps.hub.services;
  app.route(
    '/',
    cardEntryRoute({ tokens: deps.tokens, compliance, log: eventLog, flow, sources: [deps.hub.services.calls ?? processCalls] }),
  );
  app.route(
    '/',
    livekitRoutes({ tokens: deps.tokens, hub: deps.hub, dedup: deps.dedup, logger, ...(deps.livekit ? { config: deps.livekit } : {}) }),
  );
  if (deps.carrierSockets) app.route('/webhooks', deps.carrierSockets(upgradeWebSocket));
  if (deps.carrierWebhooks) app.route('/webhooks', deps.carrierWebhooks);
  app.get('/ws/calls/:id', callSocketHandler(deps.hub, upgradeWebSocket));
  // Unknown API paths and sockets opened without an upgrade answer JSON, never the web page below.
  app.all('/api/*', jsonNotFound);
  app.all('/ws/*', jsonNotFound);
  app.all('/webhooks/*', jsonNotFound);

  if (deps.webDist && existsSync(deps.webDist)) {
    // serveStatic resolves `root` against the working directory.
    const root = relative(process.cwd(), deps.webDist) || '.';
    app.use('/*', staticCacheHeaders());
    app.use('/*', serveStatic({ root }));
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  return { app, injectWebSocket };
}
