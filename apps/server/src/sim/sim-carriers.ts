import { createFailoverRouter } from '../adapters/carriers/index.js';
import { startCarrierSimulators } from '../simulators/index.js';
import type { CarrierControl } from './run-scenario.js';

export interface SimCarriers extends CarrierControl {
  close(): Promise<void>;
}

/**
 * The carriers a simulated call uses: the Twilio/Telnyx/SignalWire loopback simulators on
 * 127.0.0.1 behind the real failover router (shared/DESIGN.md: `simulate` runs them
 * in-process). Carrier HTTP runs on the wall clock; the call's own clock stays simulated, so
 * placing a leg takes no simulated time.
 */
export async function startSimCarriers(opts: { requestTimeoutMs?: number } = {}): Promise<SimCarriers> {
  const sims = await startCarrierSimulators({ requestTimeoutMs: opts.requestTimeoutMs ?? 500 });
  // No periodic health probes: a scenario's faults are learned from the traffic it causes.
  const router = createFailoverRouter(sims.providers, { healthIntervalMs: 0 });
  return {
    placer: router,
    setFault: (provider, fault) => sims.setFault(provider, fault),
    async close() {
      router.close();
      await sims.close();
    },
  };
}
