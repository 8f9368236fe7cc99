import type { Industry } from '@switchboard/protocol';
import { defaultRuleset, type Ruleset } from './ruleset.js';

/**
 * Retention by jurisdiction (shared/DESIGN.md "Retention"): EU/EEA/UK 30 d, US-CA 90 d,
 * elsewhere 365 d; an industry duty (finance 2555 d) overrides only when it is longer, because
 * keeping is then a legal obligation. Origin unknown → `rules.retention.unknownDays` (30 d: the
 * shortest we keep anywhere, since the caller may be in the EU).
 *
 * The sweeper (apps/server/src/adapters/storage) deletes what `isExpired(meta, now)` says,
 * unless a legal hold is active. `now` is always an argument: packages never read the clock.
 */

/** `code` is a jurisdiction code ("US-CA", "DE") or null when the origin is unknown. */
export function retentionDaysFor(code: string | null, industry: Industry | string = 'general', rules: Ruleset = defaultRuleset): number {
  const r = rules.retention;
  let days: number;
  if (code === null) days = r.unknownDays;
  else {
    const country = code.split('-')[0] ?? code;
    days = r.byJurisdiction[code] ?? r.byJurisdiction[country] ?? r.defaultDays;
  }
  const duty = r.byIndustry[industry];
  return duty !== undefined && duty > days ? duty : days;
}

const DAY_MS = 86_400_000;

/** UTC ISO time when a recording started at `startedAt` (ISO) may no longer be kept. */
export function retentionExpiry(startedAt: string, retentionDays: number): string {
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) throw new RangeError(`retentionExpiry: not an ISO time: ${startedAt}`);
  return new Date(start + retentionDays * DAY_MS).toISOString();
}

/** True once `now` has reached the expiry. Legal holds are checked by the caller. */
export function isExpired(meta: { expiresAt: string }, now: Date): boolean {
  return Date.parse(meta.expiresAt) <= now.getTime();
}
