import { issuesOf, type Parsed } from '@switchboard/protocol';
import lpn from 'google-libphonenumber';
import { z } from 'zod';
import { type ProviderConfig, ProviderConfigListSchema } from './provider-config.js';

const phoneUtil = lpn.PhoneNumberUtil.getInstance();

/** A dialable number written in E.164 (`+` country code and number, no spaces) that libphonenumber calls valid. */
export const E164Schema = z.string().refine((text) => {
  if (!/^\+[1-9]\d{1,14}$/.test(text)) return false;
  try {
    const parsed = phoneUtil.parse(text);
    return phoneUtil.isValidNumber(parsed) && phoneUtil.format(parsed, lpn.PhoneNumberFormat.E164) === text;
  } catch {
    return false;
  }
}, 'not a valid E.164 phone number (write it like +14155550100)');

/**
 * Where a phone caller goes on handoff or transfer: route name (the flow's route, e.g.
 * `billing`, or an agent id) → the number the carrier <Dial>s. A route without a number ends
 * the call after the handoff prompt.
 */
export const RoutesSchema = z.record(z.string().min(1), E164Schema);
export type Routes = z.infer<typeof RoutesSchema>;

/**
 * The carriers file (SWITCHBOARD_CARRIERS): either the provider list alone, or
 * `{ providers: [...], routes: { billing: "+1…" } }`.
 */
export const CarrierFileSchema = z.preprocess(
  (raw) => (Array.isArray(raw) ? { providers: raw } : raw),
  z.strictObject({ providers: ProviderConfigListSchema, routes: RoutesSchema.default({}) }),
);
export interface CarrierFile {
  providers: ProviderConfig[];
  routes: Routes;
}

/** Errors name the field: `providers[0].maxConcurrent: …`, `routes.billing: not a valid E.164 …`. */
export function parseCarrierFile(raw: unknown): Parsed<CarrierFile> {
  const result = CarrierFileSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: issuesOf(result.error).map((i) => ({ ...i, path: i.path === '(root)' ? 'carriers file' : i.path })) };
}

/** Throws one Error naming every bad field; for app start-up. */
export function loadCarrierFile(raw: unknown): CarrierFile {
  const parsed = parseCarrierFile(raw);
  if (parsed.ok) return parsed.value;
  throw new Error(`invalid carrier config: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
}
