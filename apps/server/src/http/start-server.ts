import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { type Classifier, createEmbeddedClassifier, createFallbackClassifier } from '@switchboard/ivr';
import Database from 'better-sqlite3';
import { createOpenAiCompatibleClassifier } from '../adapters/llm/openai-compatible-classifier.js';
import { createRecordingVault } from '../adapters/recordings/recording-vault.js';
import { isPostgresUrl } from '../adapters/storage/open-compliance-db.js';
import { ensurePrivateDatabase } from '../adapters/storage/private-files.js';
import { scheduleRetentionSweeps } from '../adapters/storage/retention-schedule.js';
import { defaultRecordingsDir, openComplianceStore } from '../adapters/storage/sqlite-store.js';
import { createConfiguredStt } from '../adapters/stt/configured-stt.js';
import { createEspeakTts } from '../adapters/tts/espeak-tts.js';
import { BatchedVad } from '../adapters/vad/batched-vad.js';
import { loadSileroNode, loadSileroOnWorkers } from '../adapters/vad/silero-node.js';
import { createApp } from '../app.js';
import { createTokenStore } from '../auth/token-store.js';
import { agentDirectory } from '../call/agent-directory.js';
import { processCalls } from '../call/call-directory.js';
import type { CallServices } from '../call/call-services.js';
import { createMemoryCallQueue } from '../call/memory-call-queue.js';
import { createSqliteEventLog } from '../call/sqlite-event-log.js';
import { createRealClock } from '../clock/real-clock.js';
import { type Env, EnvError } from '../env.js';
import { loadFlow } from '../flows.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { type CarrierLayer, createCarrierLayer, loadCarrierConfigs } from '../pstn/carrier-layer.js';
import { CallHub } from '../ws/call-hub.js';
import { createSqliteOutbox } from '../ws/event-outbox.js';
import { createVaultRecordingSink } from '../ws/recording-writer.js';
import { createSqliteWebhookDedup } from './webhook-dedup.js';

export const DEFAULT_WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface RunningServer {
  url: string;
  port: number;
  hub: CallHub;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Builds every real adapter from the parsed environment and listens: one process serving the
 * web app, the API and live calls on SQLite, nothing else to install by hand.
 */
export async function startServer(env: Env, options: { logger?: Logger } = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL, showPii: env.SWITCHBOARD_LOG_PII });
  const metrics = createMetrics({ defaultMetrics: true });
  const clock = createRealClock();
  // Before anything is opened: a bad carrier file stops start-up naming the field.
  const carrierConfigs = env.SWITCHBOARD_CARRIERS ? await loadCarrierConfigs(env.SWITCHBOARD_CARRIERS) : undefined;

  // Call logs, outbox and tokens live in their own SQLite file beside the compliance database:
  // better-sqlite3 blocks the event loop while it waits for a lock, so sharing one file with the
  // compliance store's own connection (which holds write transactions across awaits) deadlocked
  // concurrent calls until the busy timeout.
  const serverDbPath = isPostgresUrl(env.SWITCHBOARD_DB)
    ? join(env.SWITCHBOARD_DATA_DIR, 'switchboard-calls.db')
    : env.SWITCHBOARD_DB.replace(/(\.db|\.sqlite3?)?$/, '-calls$1');
  ensurePrivateDatabase(resolve(serverDbPath)); // 0600, and so its -wal/-shm (issue 13)
  const db = new Database(resolve(serverDbPath), { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  // NORMAL (default): a commit is in the WAL before the call goes on, so kill -9 loses nothing;
  // only an OS crash or power cut can drop the last moments of calls. FULL adds an fsync to every
  // event, which put a disk flush on the event loop per call event (docs/operations.md). Consent
  // and audit records are in the compliance store, which always runs FULL.
  db.pragma(`synchronous = ${env.SWITCHBOARD_CALL_LOG_SYNC.toUpperCase()}`);
  const compliance = await openComplianceStore(env.SWITCHBOARD_DB, { dataDir: env.SWITCHBOARD_DATA_DIR });
  const vault = createRecordingVault({ dir: defaultRecordingsDir(env.SWITCHBOARD_DB, env.SWITCHBOARD_DATA_DIR), keys: compliance });

  const flow = await loadFlow(env.SWITCHBOARD_FLOW);
  const now = () => new Date(clock.now());
  const embedded = createEmbeddedClassifier(flow, { now });
  const classifier: Classifier =
    env.SWITCHBOARD_LLM_URL && env.SWITCHBOARD_LLM_MODEL
      ? createFallbackClassifier(
          [
            createOpenAiCompatibleClassifier({
              url: env.SWITCHBOARD_LLM_URL,
              model: env.SWITCHBOARD_LLM_MODEL,
              flow,
              now,
              ...(env.SWITCHBOARD_LLM_API_KEY ? { apiKey: env.SWITCHBOARD_LLM_API_KEY } : {}),
            }),
            embedded,
          ],
          {
            onFallback: ({ classifier: name, error }) =>
              logger.warn({ classifier: name, code: error.code }, 'LLM classifier failed; embedded classifier answered'),
          },
        )
      : embedded;

  let vad: BatchedVad | undefined;
  let closeVad = async () => {};
  let vadWorkers = () => ({ live: 1, total: 1 });
  try {
    // On worker threads by default: onnxruntime-node computes on the calling thread, and in-thread
    // Silero took the event loop from the sockets near 300 streams (docs/operations.md).
    const threads = env.SWITCHBOARD_VAD_THREADS;
    const loaded =
      threads > 0 ? await loadSileroOnWorkers(threads) : { vad: await loadSileroNode(), close: async () => {}, liveWorkers: vadWorkers };
    closeVad = loaded.close;
    vadWorkers = loaded.liveWorkers;
    vad = new BatchedVad(loaded.vad, {
      maxBatch: env.SWITCHBOARD_VAD_MAX_BATCH,
      concurrency: Math.max(1, threads),
      observer: { batch: (n, s) => (metrics.vadBatchSize.observe(n), metrics.vadSeconds.observe(s)) },
    });
  } catch (error) {
    logger.error({ err: String(error) }, 'Silero VAD could not be loaded: server-VAD mode is off, browser VAD and keypad still work');
  }
  // openai: the endpoint, falling back to the embedded pocketsphinx on its outages (configured-stt.ts).
  const stt = await createConfiguredStt(env, flow, { logger });
  const tts =
    env.SWITCHBOARD_TTS === 'espeak'
      ? createEspeakTts({ voice: env.SWITCHBOARD_TTS_VOICE, onSynthesized: (s) => metrics.ttsSeconds.observe(s) })
      : undefined;
  // Prompts synthesised ahead: the flow's fixed texts are in the TTS cache before the first caller.
  if (tts) void Promise.allSettled([flow.greeting, ...Object.values(flow.prompts)].filter((t) => !t.includes('{')).map((t) => tts.synthesize(t)));

  // One services bundle for every door (issue 11): one queue, one placer, one agent directory,
  // one directory of live calls, one call log.
  let agents: ReturnType<typeof agentDirectory>;
  try {
    agents = agentDirectory(flow);
  } catch (error) {
    throw new EnvError([`SWITCHBOARD_FLOW (${env.SWITCHBOARD_FLOW}): ${error instanceof Error ? error.message : String(error)}`]);
  }
  const services: CallServices = {
    flow,
    classifier,
    compliance,
    eventLog: createSqliteEventLog(db),
    clock,
    logger,
    metrics,
    queue: createMemoryCallQueue({
      roster: agents.roster,
      nowMs: () => clock.now(),
      onSize: (queue, waiting) => metrics.queueSize.set({ queue }, waiting),
    }),
    agents,
    calls: processCalls,
    recordings: createVaultRecordingSink(vault),
    tts,
    stt,
    vad,
  };
  // The phone line (SWITCHBOARD_CARRIERS): failover router as every call's placer, signed
  // webhooks, and the phone doors. env.ts guarantees SWITCHBOARD_PUBLIC_URL alongside it.
  let carriers: CarrierLayer | undefined;
  if (carrierConfigs && env.SWITCHBOARD_PUBLIC_URL)
    carriers = createCarrierLayer(carrierConfigs, { ...services, publicBaseUrl: env.SWITCHBOARD_PUBLIC_URL });

  const tokens = createTokenStore(db);
  const hub = new CallHub(
    {
      ...services,
      logger,
      metrics,
      placer: carriers?.placer,
      outbox: createSqliteOutbox(db),
      ...(env.SWITCHBOARD_RECONNECT_GRACE_SECONDS > 0 ? { reconnectGraceMs: env.SWITCHBOARD_RECONNECT_GRACE_SECONDS * 1000 } : {}),
    },
    tokens,
    { resumeTokenTtlMs: env.SWITCHBOARD_RESUME_TOKEN_MINUTES * 60_000 },
  );
  const livekit =
    env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET
      ? { url: env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET }
      : undefined;
  const { app, injectWebSocket } = createApp({
    hub,
    tokens,
    dedup: createSqliteWebhookDedup(db),
    readiness: async () => ({
      // A lookup of an id that cannot exist: exercises the compliance database without side effects.
      compliance: await compliance
        .getRecording('readyz-probe')
        .then(() => 'ok' as const)
        .catch((e: unknown) => String(e)),
      calls: (() => {
        try {
          db.prepare('select 1').get();
          return 'ok' as const;
        } catch (e) {
          return String(e);
        }
      })(),
      vad: vadReadiness(vad !== undefined, vadWorkers()),
      ...(carriers ? { carriers: carrierReadiness(carriers.router.snapshot()) } : {}),
    }),
    recordings: vault,
    webDist: env.SWITCHBOARD_WEB_DIST ?? DEFAULT_WEB_DIST,
    staff: {
      adminUser: env.SWITCHBOARD_ADMIN_USER,
      sessionTtlMs: env.SWITCHBOARD_STAFF_SESSION_HOURS * 3_600_000,
      ...(env.SWITCHBOARD_ADMIN_PASSWORD_HASH ? { adminPasswordHash: env.SWITCHBOARD_ADMIN_PASSWORD_HASH } : {}),
    },
    limits: {
      trustedProxyHops: env.SWITCHBOARD_TRUSTED_PROXY_HOPS,
      sessionsPerIpPerMinute: env.SWITCHBOARD_SESSIONS_PER_IP_PER_MINUTE,
      sessionsPerMinute: env.SWITCHBOARD_SESSIONS_PER_MINUTE,
      loginFailuresPerIp: env.SWITCHBOARD_LOGIN_FAILURES_PER_IP,
      loginsPerMinute: env.SWITCHBOARD_LOGINS_PER_MINUTE,
    },
    ...(env.SWITCHBOARD_PUBLIC_URL ? { publicUrl: env.SWITCHBOARD_PUBLIC_URL } : {}),
    ...(livekit ? { livekit } : {}),
    allowedOrigins: env.SWITCHBOARD_ALLOWED_ORIGINS,
    ...(carriers ? { carrierWebhooks: carriers.webhooks, carrierSockets: carriers.sockets } : {}),
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolveListen, reject) => {
    const s = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () => resolveListen(s));
    s.once('error', reject);
  });
  injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;
  logger.info(
    { url, stt: stt?.name ?? 'none', tts: tts?.name ?? 'none', vad: vad ? 'silero-v5' : 'none', flow: flow.id },
    'switchboard listening',
  );
  // Retention by jurisdiction (issue 4): expired recordings go hourly, legal holds stay.
  const stopSweeper = scheduleRetentionSweeps({
    store: compliance,
    vault,
    now,
    onSweep: (r) => {
      if (r.deleted.length || r.held.length) logger.info({ deleted: r.deleted.length, held: r.held.length }, 'retention sweep');
    },
    onError: (error) => logger.error({ err: String(error) }, 'retention sweep failed'),
  });
  return {
    url,
    port,
    hub,
    logger,
    async close() {
      stopSweeper();
      carriers?.close();
      await hub.closeAll();
      const closed = new Promise<void>((r) => server.close(() => r()));
      // Keep-alive HTTP and upgraded sockets would hold close() open.
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await compliance.close();
      await closeVad();
      await stt?.close?.();
      db.close();
    },
  };
}

/** /readyz for server VAD: the model loaded and at least one worker still running it. */
export function vadReadiness(loaded: boolean, workers: { live: number; total: number }): 'ok' | string {
  if (!loaded) return 'Silero model not loaded';
  return workers.live > 0 ? 'ok' : `every VAD worker is down (0 of ${workers.total})`;
}

/** /readyz for the phone line: down only when no carrier can carry a call; names them. */
export function carrierReadiness(carriers: readonly { name: string; health: string }[]): 'ok' | string {
  const up = carriers.filter((c) => c.health !== 'unhealthy');
  return up.length > 0 ? 'ok' : `every carrier is unhealthy: ${carriers.map((c) => c.name).join(', ')}`;
}
