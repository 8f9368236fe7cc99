import { maskCardDigits, type TranscriptEntry } from '@switchboard/compliance';
import type { ConsentStatus } from '@switchboard/ivr';
import type { RuntimeContext } from './runtime-context.js';

/**
 * Stores one line of what was said, so DSAR export/erase find it through the caller.
 *
 * Lawful basis: issue 4 lets audio be stored only after `granted`/`notice` and says nothing
 * narrower about transcripts, which are the same content in text. So a line is stored only
 * while the call's consent stands granted (pending, declined and withdrawn store nothing; the
 * caller's own answer to the consent question is therefore not kept), and never during card
 * entry (PCI DSS: speech then is card data; the runtime refuses it before it gets here anyway).
 * Card-like digit runs are masked here, before the store sees them, as on every text sink.
 */
export async function storeTranscript(
  ctx: RuntimeContext,
  role: TranscriptEntry['role'],
  text: string,
  atMs: number,
  /** As the engine held it when the words were said (before their own step). */
  standing: { consent: ConsentStatus; paying: boolean },
): Promise<void> {
  const { memory } = ctx;
  if (memory.connected === null || standing.consent !== 'granted' || standing.paying) return;
  await ctx.compliance.appendTranscript({
    callId: ctx.callId,
    role,
    text: maskCardDigits(text),
    at: new Date(ctx.clock.now()).toISOString(),
    offsetMs: atMs,
    pii: { caller: memory.connected.caller },
  });
}
