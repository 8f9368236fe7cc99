import { consentAnnouncement, type ResolveOptions, resolveJurisdiction } from '@switchboard/compliance';
import type { Channel, Industry, Jurisdiction, Tier } from '@switchboard/protocol';
import type { CallRuntime, InputOutcome } from './call-runtime.js';

export interface CallerArrival {
  /** E.164, "anonymous", or a web visitor's id. */
  caller: string;
  channel: Channel;
  tier?: Tier;
  industry?: Industry;
  /** The flow's language: the announcement is spoken in it. */
  language: string;
  /** Further jurisdiction settings (area-code classification, default regimes, ruleset). */
  rules?: Omit<ResolveOptions, 'channel' | 'industry'>;
}

/**
 * A caller arrives: the jurisdiction from their number, the announcement its regime requires,
 * then `call.connected`. One place for every channel (web socket, phone loop, simulator), so the
 * consent regime is decided the same way whichever way the voice arrives.
 */
export async function connectCaller(
  runtime: Pick<CallRuntime<unknown>, 'connect'>,
  arrival: CallerArrival,
): Promise<{ jurisdiction: Jurisdiction; outcome: InputOutcome }> {
  const { caller, channel, tier = 'standard', industry = 'general' } = arrival;
  const jurisdiction = resolveJurisdiction(caller, { ...arrival.rules, channel, industry });
  // Issue 13: in the caller's language (from their country), stating their retention period.
  const announcement = await consentAnnouncement(jurisdiction, arrival.language, arrival.rules?.rules);
  const outcome = await runtime.connect({ caller, channel, tier, industry, jurisdiction, announcement });
  return { jurisdiction, outcome };
}
