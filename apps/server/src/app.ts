import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { UpgradeWebSocket } from 'hono/ws';
import type { LiveKitConfig } from './adapters/livekit/livekit-tokens.js';
import type { RecordingVault } from './adapters/recordings/recording-vault.js';
import type { TokenStore } from './auth/token-store.js';
import { processCalls } from './call/call-directory.js';
import { authRoutes } from './http/auth-routes.js';
import { cardEntryRoute } from './http/card-entry-route.js';
import { checkSocketOrigin, type OriginPolicy, widgetCors } from './http/cors.js';
import { healthRoutes, type ReadinessCheck } from './http/health-routes.js';
import { livekitRoutes } from './http/livekit-routes.js';
import { recordingsRoute } from './http/recordings-route.js';
import { sessionsRoute } from './http/sessions-route.js';
import { staticCacheHeaders } from './http/static-cache.js';
import type { WebhookDedup } from './http/webhook-dedup.js';
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
  /** Other web origins that may embed the widget (SWITCHBOARD_ALLOWED_ORIGINS); same-origin always may. */
  allowedOrigins?: readonly string[];
}

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
  app.notFound((c) =>
    c.req.path.startsWith('/api/') || c.req.path.startsWith('/webhooks/')
      ? c.json({ error: 'not found', status: 404 }, 404)
      : c.text('not found', 404),
  );

  // The embeddable widget (docs/embedding.md): listed origins only, on the API, the call socket and its assets.
  const origins: OriginPolicy = { allowed: new Set(deps.allowedOrigins ?? []), ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}) };
  app.use('/api/*', widgetCors(origins, { refuse: true }));
  app.use('/ws/*', checkSocketOrigin(origins));
  for (const assets of ['/embed/*', '/vendor/*', '/worklets/*', '/assets/*']) app.use(assets, widgetCors(origins, { refuse: false }));

  // Server-side webhook handling time, per sender (/webhooks/<source>/...): what the sender waits
  // for beyond the network, without the sender's own event loop in the figure.
  app.use('/webhooks/*', async (c, next) => {
    const started = performance.now();
    await next();
    metrics.webhookSeconds.observe({ source: c.req.path.split('/')[2] || 'unknown' }, (performance.now() - started) / 1000);
  });
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
  // Web calls from the hub, phone (media-stream) calls from the process's directory.
  const { compliance, eventLog, flow } = deps.hub.services;
  app.route('/', cardEntryRoute({ tokens: deps.tokens, compliance, log: eventLog, flow, sources: [deps.hub, processCalls] }));
  app.route(
    '/',
    livekitRoutes({ tokens: deps.tokens, hub: deps.hub, dedup: deps.dedup, logger, ...(deps.livekit ? { config: deps.livekit } : {}) }),
  );
  if (deps.carrierSockets) app.route('/webhooks', deps.carrierSockets(upgradeWebSocket));
  if (deps.carrierWebhooks) app.route('/webhooks', deps.carrierWebhooks);
  app.get('/ws/calls/:id', callSocketHandler(deps.hub, upgradeWebSocket));

  if (deps.webDist && existsSync(deps.webDist)) {
    // serveStatic resolves `root` against the working directory.
    const root = relative(process.cwd(), deps.webDist) || '.';
    app.use('/*', staticCacheHeaders());
    app.use('/*', serveStatic({ root }));
    app.get('*', serveStatic({ root, path: 'index.html' }));
  }
  return { app, injectWebSocket };
}
