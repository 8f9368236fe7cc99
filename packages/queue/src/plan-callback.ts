/**
 * When to ring a caller back who chose a callback (long wait, capacity exceeded, voicemail).
 *
 * Callbacks are outbound calls, so they are regulated (shared/DESIGN.md "Outbound calls are
 * regulated"): only within calling hours in the callee's own time zone (the US TCPA default is
 * 8:00–21:00 local, 47 CFR 64.1200(c)(1)), and we promised "within 24 hours". The plan is the
 * first quarter-hour at or after `requestedAtMs + delayMs` that falls inside the local window;
 * if none does before the promise runs out, the answer says so (don't promise what can't be
 * kept — the engine's prompt then needs another wording). Time zones and DST come from `Intl`
 * (present in Node and browsers), so no clock or tz database is bundled here.
 */
export interface CallbackRequest {
  requestedAtMs: number;
  /** IANA zone of the callee, e.g. "America/New_York"; unknown → pass the business's zone. */
  timeZone: string;
  /** Local hours the call may START in: [fromHour, toHour). */
  fromHour?: number;
  toHour?: number;
  /** The promise made to the caller. */
  withinHours?: number;
  /** Earliest after the request (agents need the context first). */
  delayMs?: number;
}

export type CallbackPlan =
  | { ok: true; callAtMs: number; deadlineMs: number; localTime: string }
  | { ok: false; reason: 'bad-time-zone' | 'no-window-before-deadline' | 'bad-window' };

const QUARTER_HOUR_MS = 15 * 60_000;

export function planCallback(request: CallbackRequest): CallbackPlan {
  const fromHour = request.fromHour ?? 8;
  const toHour = request.toHour ?? 21;
  if (!(fromHour >= 0 && toHour <= 24 && fromHour < toHour)) return { ok: false, reason: 'bad-window' };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: request.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  } catch {
    return { ok: false, reason: 'bad-time-zone' };
  }
  const localHour = (ms: number) => Number(format.formatToParts(ms).find((p) => p.type === 'hour')?.value);
  const deadlineMs = request.requestedAtMs + (request.withinHours ?? 24) * 3_600_000;
  const earliest = request.requestedAtMs + (request.delayMs ?? 0);
  const inWindow = (ms: number) => {
    const hour = localHour(ms);
    return hour >= fromHour && hour < toHour;
  };
  const found = (ms: number): CallbackPlan => ({ ok: true, callAtMs: ms, deadlineMs, localTime: format.format(ms) });
  if (earliest <= deadlineMs && inWindow(earliest)) return found(earliest);
  // Quarter-hour steps: every zone's offset is a multiple of 15 minutes, so a local window
  // edge (08:00) is always one of these instants, across DST changes too.
  for (let ms = Math.ceil(earliest / QUARTER_HOUR_MS) * QUARTER_HOUR_MS; ms <= deadlineMs; ms += QUARTER_HOUR_MS) {
    if (inWindow(ms)) return found(ms);
  }
  return { ok: false, reason: 'no-window-before-deadline' };
}
