import { z } from 'zod';

/** Recording-consent regimes (shared/DESIGN.md, "Consent"). */
export const RegimeSchema = z.enum(['explicit-opt-in', 'all-party', 'one-party']);
export type Regime = z.infer<typeof RegimeSchema>;

export const ChannelSchema = z.enum(['pstn', 'web']);
export type Channel = z.infer<typeof ChannelSchema>;

export const TierSchema = z.enum(['standard', 'enterprise']);
export type Tier = z.infer<typeof TierSchema>;

export const IndustrySchema = z.enum(['general', 'finance']);
export type Industry = z.infer<typeof IndustrySchema>;

/**
 * Where a caller is, as far as we can lawfully tell. `code` is "DE", "GB", "US-CA", "CA-ON",
 * or "unknown" for withheld/invalid numbers (which always get the strictest regime).
 */
export const JurisdictionSchema = z.object({
  code: z.string(),
  country: z.string().nullable(),
  subdivision: z.string().nullable(),
  regime: RegimeSchema,
  retentionDays: z.number().int().positive(),
  rulesetVersion: z.string(),
});
export type Jurisdiction = z.infer<typeof JurisdictionSchema>;
