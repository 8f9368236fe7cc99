import { randomBytes, randomUUID } from 'node:crypto';
import type { ProviderConfig, ProviderKind } from '@switchboard/carriers';
import { type CalleeBehaviour, CallLedger } from './call-ledger.js';
import type { CarrierFault, FaultOptions } from './carrier-fault.js';
import { lamlRoutes } from './laml-simulator.js';
import { SimulatorServer } from './simulator-server.js';
import { telnyxRoutes } from './telnyx-simulator.js';
import {
  createTelnyxSigningKey,
  type SignedWebhook,
  signSignalWireForm,
  signTelnyxBody,
  signTelnyxJson,
  signTwilioForm,
} from './webhook-signers.js';

export type { CalleeBehaviour, SimulatedCall } from './call-ledger.js';
export { CallLedger } from './call-ledger.js';
export { type CarrierFault, CarrierFaultSchema, type FaultOptions } from './carrier-fault.js';
export type { SignedWebhook } from './webhook-signers.js';

export interface CarrierSimulatorOptions {
  /** Per-request timeout written into the returned configs (short, so chaos runs are quick). */
  requestTimeoutMs?: number;
  /** How long each callee rings before answering or refusing. */
  answerAfterMs?: number;
  /** Override the lesson's costs/priorities per provider. */
  overrides?: Partial<Record<ProviderKind, Partial<Pick<ProviderConfig, 'priority' | 'maxConcurrent' | 'costPerMinuteUsd'>>>>;
}

export interface CarrierSimulators {
  /** Configs pointing at the simulators (baseUrl on 127.0.0.1), ready for createFailoverRouter. */
  providers: ProviderConfig[];
  setFault(provider: string, fault: CarrierFault, options?: FaultOptions): Promise<void>;
  /** How a number answers on every carrier (default: answers). */
  setCallee(number: string, behaviour: CalleeBehaviour): void;
  /** Every dial on every simulator, in order. */
  ledger: CallLedger;
  /** Requests each simulator served, by operation. */
  served(provider: string): SimulatorServer['served'];
  /** Signs a webhook exactly as that carrier would (form params for Twilio/SignalWire, JSON for Telnyx). */
  signWebhook(
    provider: string,
    url: string,
    payload: Record<string, string> | object,
    options?: { timestampSeconds?: number; form?: boolean },
  ): SignedWebhook;
  /** Signs and POSTs it. */
  sendWebhook(provider: string, url: string, payload: Record<string, string> | object): Promise<Response>;
  close(): Promise<void>;
}

/** The lesson's provider table (priority, $/min, max concurrent). */
const LESSON: Record<ProviderKind, { priority: number; cost: number; maxConcurrent: number }> = {
  twilio: { priority: 1, cost: 0.0085, maxConcurrent: 500 },
  telnyx: { priority: 2, cost: 0.002, maxConcurrent: 1000 },
  signalwire: { priority: 3, cost: 0.004, maxConcurrent: 300 },
};

/** Starts Twilio, Telnyx and SignalWire simulators on 127.0.0.1 (random ports). */
export async function startCarrierSimulators(opts: CarrierSimulatorOptions = {}): Promise<CarrierSimulators> {
  const ledger = new CallLedger();
  ledger.answerAfterMs = opts.answerAfterMs ?? 0;
  const secret = () => randomBytes(16).toString('hex');
  const twilioCreds = { accountSid: `AC${secret()}`, authToken: secret() };
  const swCreds = { projectId: randomUUID(), apiToken: `PT${secret()}`, signingKey: `PSK_${secret()}` };
  const telnyxKey = createTelnyxSigningKey();
  const telnyxCreds = { apiKey: `KEY${secret()}`, connectionId: String(Date.now()), publicKey: telnyxKey.publicKeyBase64 };

  const servers: Record<ProviderKind, SimulatorServer> = {
    twilio: new SimulatorServer(lamlRoutes({ provider: 'twilio', account: twilioCreds.accountSid, token: twilioCreds.authToken, ledger })),
    telnyx: new SimulatorServer(telnyxRoutes({ apiKey: telnyxCreds.apiKey, connectionId: telnyxCreds.connectionId, ledger })),
    signalwire: new SimulatorServer(lamlRoutes({ provider: 'signalwire', account: swCreds.projectId, token: swCreds.apiToken, ledger })),
  };
  await Promise.all(Object.values(servers).map((s) => s.start()));

  const common = (kind: ProviderKind) => {
    const lesson = LESSON[kind];
    return {
      name: kind,
      priority: lesson.priority,
      costPerMinuteUsd: { inbound: lesson.cost, outbound: lesson.cost },
      maxConcurrent: lesson.maxConcurrent,
      baseUrl: servers[kind].baseUrl,
      healthPath: '/health',
      requestTimeoutMs: opts.requestTimeoutMs ?? 1000,
      ...opts.overrides?.[kind],
    };
  };
  const providers: ProviderConfig[] = [
    { ...common('twilio'), kind: 'twilio', credentials: twilioCreds },
    { ...common('telnyx'), kind: 'telnyx', credentials: telnyxCreds },
    { ...common('signalwire'), kind: 'signalwire', credentials: swCreds },
  ];

  const server = (provider: string): SimulatorServer => {
    const s = servers[provider as ProviderKind];
    if (!s) throw new Error(`no simulator named "${provider}" (have: twilio, telnyx, signalwire)`);
    return s;
  };
  const signWebhook: CarrierSimulators['signWebhook'] = (provider, url, payload, options = {}) => {
    server(provider);
    if (provider === 'telnyx') {
      return options.form
        ? signTelnyxBody(
            telnyxKey,
            url,
            new URLSearchParams(payload as Record<string, string>).toString(),
            'application/x-www-form-urlencoded',
            options.timestampSeconds,
          )
        : signTelnyxJson(telnyxKey, url, payload, options.timestampSeconds);
    }
    const params = payload as Record<string, string>;
    return provider === 'twilio' ? signTwilioForm(twilioCreds.authToken, url, params) : signSignalWireForm(swCreds.signingKey, url, params);
  };

  return {
    providers,
    ledger,
    setFault: (provider, fault, options) => server(provider).setFault(fault, options),
    setCallee: (number, behaviour) => ledger.setCallee(number, behaviour),
    served: (provider) => server(provider).served,
    signWebhook,
    async sendWebhook(provider, url, payload) {
      const signed = signWebhook(provider, url, payload);
      return fetch(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
    },
    async close() {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    },
  };
}
