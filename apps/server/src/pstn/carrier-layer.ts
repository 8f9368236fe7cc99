import { readFile } from 'node:fs/promises';
import { type CarrierFile, loadCarrierFile, type ProviderConfig } from '@switchboard/carriers';
import { Hono } from 'hono';
import { parse } from 'yaml';
import { createCarrierWebhookApps, createFailoverRouter, type RunningFailoverRouter } from '../adapters/carriers/index.js';
import { EnvError } from '../env.js';
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
  /** The runtime's CallPlacer (failover across the configured carriers). */
  router: RunningFailoverRouter;
  close(): void;
}

/** The carrier layer of the live server: failover router as placer, signed webhooks, phone call loop. */
export function createCarrierLayer(
  carriers: CarrierFile | readonly ProviderConfig[],
  options: Omit<PstnCallLoopOptions, 'providers' | 'placer'> & { healthIntervalMs?: number },
): CarrierLayer {
  // A bare provider list has no routes; routes passed in options win over the file's.
  const { providers, routes } = 'providers' in carriers ? carriers : { providers: carriers, routes: {} };
  const routeNumbers = { ...routes, ...options.routeNumbers };
  const router = createFailoverRouter(providers, {
    webhookBaseUrl: options.publicBaseUrl.replace(/\/+$/, ''),
    ...(options.healthIntervalMs !== undefined ? { healthIntervalMs: options.healthIntervalMs } : {}),
  });
  const loop = createPstnCallLoop({ ...options, routeNumbers, providers, placer: router });
  const webhooks = new Hono();
  // The loop's routes first: its /voice answers before the carrier app's default answer.
  webhooks.route('/', loop.app);
  webhooks.route(
    '/',
    createCarrierWebhookApps({
      providers,
      publicBaseUrl: options.publicBaseUrl,
      onStatus: async (event) => {
        if (!event.ended) return;
        router.callEnded(event.providerCallId);
        await loop.ended(event.provider, event.providerCallId);
      },
    }),
  );
  return {
    webhooks,
    router,
    close() {
      loop.close();
      router.close();
    },
  };
}
