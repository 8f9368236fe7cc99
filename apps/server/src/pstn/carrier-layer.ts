import { readFile } from 'node:fs/promises';
import { type CallPlacer, type CarrierFile, loadCarrierFile, type ProviderConfig, phoneAudioOf } from '@switchboard/carriers';
import { Hono } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import { parse } from 'yaml';
import { createCarrierWebhookApps, createFailoverRouter, type RunningFailoverRouter } from '../adapters/carriers/index.js';
import { EnvError } from '../env.js';
import type { Metrics } from '../observability/metrics.js';
import { PhonePromptCache } from './media-stream-audio-out.js';
import { createMediaStreamLoop } from './media-stream-route.js';
import { createPstnCallLoop, type PstnCallLoopOptions } from './pstn-call-loop.js';

/**
 * Reads SWITCHBOARD_CARRIERS (YAML or JSON — YAML is a superset — holding the provider list,
 * or `providers:` and `routes:` — route name → E.164 number to <Dial> on handoff/transfer) and
 * parses it with the carriers schema; a bad field stops start-up naming the file and field.
 */
export async function loadCarrierConfigs(path: string): Promise<CarrierFile> {
  let raw: unknown;
  try {
    raw = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new EnvError([`SWITCHBOARD_CARRIERS: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  try {
    return loadCarrierFile(raw);
  } catch (error) {
    throw new EnvError([`SWITCHBOARD_CARRIERS (${path}): ${error instanceof Error ? error.message : String(error)}`]);
  }
}

export interface CarrierLayer {
  /** Mount at /webhooks: /<name>/voice and /gather run the phone loop, /status and Telnyx the carrier app. */
  webhooks: Hono;
  /** GET /<name>/media-stream for `audio: media-stream` providers; mount at /webhooks with the app's upgrader. */
  sockets(upgradeWebSocket: UpgradeWebSocket): Hono;
  /** The failover router across the configured carriers (health, snapshots). */
  router: RunningFailoverRouter;
  /** The router as every call's placer, failovers counted in switchboard_carrier_failovers_total. */
  placer: CallPlacer;
  close(): void;
}

/**
 * The carrier layer of the live server: failover router as placer, signed webhooks, and the
 * phone call loop — on the carrier's speech recognition, or (per provider, `audio:
 * media-stream`) on a media stream through our own VAD, STT and TTS.
 */
export function createCarrierLayer(
  carriers: CarrierFile | readonly ProviderConfig[],
  // The process's call services (one queue, agent directory, speech, recordings) plus the line's own settings.
  options: Omit<PstnCallLoopOptions, 'providers' | 'placer'> & { healthIntervalMs?: number },
): CarrierLayer {
  // A bare provider list has no routes; routes passed in options win over the file's.
  const { providers, routes } = 'providers' in carriers ? carriers : { providers: carriers, routes: {} };
  const routeNumbers = { ...routes, ...options.routeNumbers };
  const router = createFailoverRouter(providers, {
    webhookBaseUrl: options.publicBaseUrl.replace(/\/+$/, ''),
    ...(options.healthIntervalMs !== undefined ? { healthIntervalMs: options.healthIntervalMs } : {}),
  });
  const placer = countFailovers(router, options.metrics);
  options.metrics?.watchCarriers(() => router.snapshot());
  const loop = createPstnCallLoop({
    ...options,
    routeNumbers,
    providers: providers.filter((p) => phoneAudioOf(p) === 'carrier-speech'),
    placer,
  });
  const streams = createMediaStreamLoop({
    ...options,
    routeNumbers,
    providers,
    placer,
    ...(options.tts ? { prompts: new PhonePromptCache(options.tts) } : {}),
  });
  const webhooks = new Hono();
  // The loops' routes first: their /voice answers before the carrier app's default answer.
  webhooks.route('/', loop.app);
  webhooks.route('/', streams.app);
  webhooks.route(
    '/',
    createCarrierWebhookApps({
      providers,
      publicBaseUrl: options.publicBaseUrl,
      onStatus: async (event) => {
        if (!event.ended) return;
        router.callEnded(event.providerCallId);
        await loop.ended(event.provider, event.providerCallId);
        await streams.ended(event.provider, event.providerCallId);
      },
    }),
  );
  return {
    webhooks,
    sockets: streams.sockets,
    router,
    placer,
    close() {
      loop.close();
      streams.close();
      router.close();
    },
  };
}

/** The placer with every attempt that gave way to the next carrier counted, by carrier and error. */
function countFailovers(router: CallPlacer, metrics: Metrics | undefined): CallPlacer {
  if (!metrics) return router;
  return {
    async place(request) {
      const outcome = await router.place(request);
      outcome.attempts.forEach((attempt, i) => {
        if (!attempt.ok && i < outcome.attempts.length - 1)
          metrics.carrierFailovers.inc({ from: attempt.provider, reason: attempt.error ?? 'unknown' });
      });
      return outcome;
    },
    hangup: (provider, providerCallId) => router.hangup(provider, providerCallId),
  };
}
