import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What /metrics exposes (issue 6, "Observability"). One registry per app instance so tests can
 * build several apps in one process without "metric already registered" errors.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  /** Carrier health is read from the failover router at scrape time (watchCarriers). */
  let carrierSnapshot: () => readonly { name: string; health: 'healthy' | 'degraded' | 'unhealthy' }[] = () => [];
  const HEALTH_VALUE = { healthy: 1, degraded: 0.5, unhealthy: 0 } as const;
  const latency = (name: string, help: string, buckets: number[]) => new Histogram({ name, help, buckets, registers: [registry] });
  return {
    registry,
    calls: new Counter({ name: 'switchboard_calls_total', help: 'Calls started, by channel', labelNames: ['channel'] as const, registers: [registry] }),
    activeCalls: new Gauge({ name: 'switchboard_active_calls', help: 'Calls with a connected session', labelNames: ['channel'] as const, registers: [registry] }),
    intents: new Counter({ name: 'switchboard_intents_total', help: 'Routing decisions by intent, route and how they were made', labelNames: ['channel', 'intent', 'route', 'via'] as const, registers: [registry] }),
    consent: new Counter({ name: 'switchboard_consent_total', help: 'Consent outcomes', labelNames: ['decision', 'method'] as const, registers: [registry] }),
    sentiment: new Counter({ name: 'switchboard_sentiment_total', help: 'Caller sentiment per classified utterance (trend watching)', labelNames: ['sentiment'] as const, registers: [registry] }),
    carrierHealth: new Gauge({
      name: 'switchboard_carrier_health',
      help: '1 healthy, 0.5 degraded, 0 unhealthy',
      labelNames: ['provider'] as const,
      registers: [registry],
      collect() {
        for (const p of carrierSnapshot()) this.set({ provider: p.name }, HEALTH_VALUE[p.health]);
      },
    }),
    /** Reports the failover router's carriers as switchboard_carrier_health on every scrape. */
    watchCarriers(snapshot: typeof carrierSnapshot): void {
      carrierSnapshot = snapshot;
    },
    carrierFailovers: new Counter({ name: 'switchboard_carrier_failovers_total', help: 'Attempts that failed over to the next carrier', labelNames: ['from', 'reason'] as const, registers: [registry] }),
    queueSize: new Gauge({ name: 'switchboard_queue_size', help: 'Callers waiting per queue', labelNames: ['queue'] as const, registers: [registry] }),
    wsRejected: new Counter({ name: 'switchboard_ws_rejected_total', help: 'Socket messages or connections refused', labelNames: ['reason'] as const, registers: [registry] }),
    vadSeconds: latency('switchboard_vad_batch_seconds', 'One batched Silero run', [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25]),
    vadBatchSize: latency('switchboard_vad_batch_size', 'Frames per Silero run', [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]),
    sttSeconds: latency('switchboard_stt_seconds', 'Speech recognition of one utterance', [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10]),
    turnSeconds: latency('switchboard_turn_seconds', 'Transcript to routing decision (the intent event): end of speech to route, excluding STT', [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1]),
    webhookSeconds: new Histogram({
      name: 'switchboard_webhook_seconds',
      help: 'Server-side handling of one webhook (arrival at the app to response), by sender',
      labelNames: ['source'] as const,
      buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25],
      registers: [registry],
    }),
    ttsSeconds: latency('switchboard_tts_seconds', 'Synthesis of one prompt (cache misses)', [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2]),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
