import type { CarrierAdapter } from '../carrier-adapter.js';
import type { FetchLike } from '../clock.js';
import type { ProviderConfig } from '../provider-config.js';
import { createLamlRestAdapter } from './laml-rest-adapter.js';
import { createTelnyxRestAdapter } from './telnyx-rest-adapter.js';

export function createCarrierAdapter(config: ProviderConfig, fetch: FetchLike): CarrierAdapter {
  switch (config.kind) {
    case 'twilio':
    case 'signalwire':
      return createLamlRestAdapter(config, fetch);
    case 'telnyx':
      return createTelnyxRestAdapter(config, fetch);
    default: {
      const never: never = config;
      throw new Error(`unknown carrier kind ${String(never)}`);
    }
  }
}
