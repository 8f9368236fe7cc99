import type { CallStatus, CarrierAdapter, DialRequest, LookupRequest, LookupResult } from '../../src/carrier-adapter.js';
import { CarrierError } from '../../src/carrier-adapter.js';
import type { DialResult } from '../../src/dial-result.js';
import type { ProviderConfig } from '../../src/provider-config.js';

/** What the fake does on one place(): a result, or hang until aborted (a timeout). */
export type FakeDial = DialResult | 'hang';

/**
 * A scripted carrier for unit tests of the router. `dials` records every request that
 * reached it; a `placed`/`unknown` result counts as the callee being rung.
 */
export class FakeCarrierAdapter implements CarrierAdapter {
  readonly dials: DialRequest[] = [];
  readonly rung: string[] = [];
  readonly hangups: string[] = [];
  lookupResult: LookupResult | 'fail' = { found: false, conclusive: true };
  probeStatus: number | 'hang' = 200;
  private n = 0;

  constructor(
    readonly config: ProviderConfig,
    private readonly script: (n: number, request: DialRequest) => FakeDial,
  ) {}

  async place(request: DialRequest, signal: AbortSignal): Promise<DialResult> {
    this.dials.push(request);
    const step = this.script(this.n++, request);
    if (step === 'hang') {
      this.rung.push(request.idempotencyKey); // dialled, but the reply never comes
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }
    if (step.kind === 'placed' || step.kind === 'refused' || step.kind === 'unknown') this.rung.push(request.idempotencyKey);
    return step;
  }

  async lookup(_request: LookupRequest): Promise<LookupResult> {
    if (this.lookupResult === 'fail') throw new CarrierError('network', true);
    return this.lookupResult;
  }

  async status(): Promise<CallStatus> {
    return { progress: 'answered', sipStatus: 200 };
  }

  async hangup(providerCallId: string): Promise<void> {
    this.hangups.push(providerCallId);
  }

  async probe(signal: AbortSignal): Promise<number> {
    if (this.probeStatus === 'hang') return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    return this.probeStatus;
  }
}

/** A valid config for tests (the lesson's priorities and rates). */
export function fakeConfig(kind: 'twilio' | 'telnyx' | 'signalwire', over: Partial<ProviderConfig> = {}): ProviderConfig {
  const table = { twilio: [1, 0.0085], telnyx: [2, 0.002], signalwire: [3, 0.004] } as const;
  const [priority, cost] = table[kind];
  const base = {
    name: kind,
    priority,
    costPerMinuteUsd: { inbound: cost, outbound: cost },
    maxConcurrent: 10,
    baseUrl: `http://${kind}.test`,
    healthPath: '/health',
    requestTimeoutMs: 1000,
  };
  const credentials =
    kind === 'twilio'
      ? { kind, credentials: { accountSid: 'AC1', authToken: 't' } }
      : kind === 'telnyx'
        ? { kind, credentials: { apiKey: 'k', connectionId: 'c', publicKey: btoa('x'.repeat(32)) } }
        : { kind, credentials: { projectId: 'p', apiToken: 't', signingKey: 's' } };
  return { ...base, ...credentials, ...over } as ProviderConfig;
}
