import { z } from 'zod';

/**
 * Chaos modes a simulator can be switched to at run time:
 * - ok: normal; latency: every reply delayed by `latencyMs`;
 * - down: the port refuses connections (hard down); flapping: down/ok alternating every `flapMs`;
 * - timeout: create-call requests dial the callee but never answer (the dangerous "unknown");
 *   the health probe hangs too; lookups still answer;
 * - blackhole: every request hangs and nothing is dialled;
 * - 503 / 429: every request answers that status (429 with Retry-After);
 * - garbage: create-call answers 200 with a body that is not JSON and dials nobody.
 */
export const CarrierFaultSchema = z.enum(['ok', 'down', 'timeout', 'blackhole', '503', '429', 'latency', 'flapping', 'garbage']);
export type CarrierFault = z.infer<typeof CarrierFaultSchema>;

export interface FaultOptions {
  latencyMs?: number;
  flapMs?: number;
  /** Retry-After seconds sent with 429. */
  retryAfterSeconds?: number;
}
