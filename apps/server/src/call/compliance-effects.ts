import { buildConsentEvidence, recordConsentDecision, retentionExpiry } from '@switchboard/compliance';
import type { Effect } from '@switchboard/ivr';
import type { RuntimeContext } from './runtime-context.js';

type Of<T extends Effect['type']> = Extract<Effect, { type: T }>;

function connected(ctx: RuntimeContext) {
  const c = ctx.memory.connected;
  if (!c) throw new Error(`call ${ctx.callId}: a consent or recording effect before call.connected`);
  return c;
}

/**
 * Issue 4: consent evidence and its audit entry are durable before the next effect (the
 * recording start comes after), so a crash right after the decision loses neither.
 * buildConsentEvidence refuses evidence that contradicts the law (a timeout is never a grant).
 */
export async function recordConsent(ctx: RuntimeContext, effect: Of<'recordConsent'>, atMs: number): Promise<void> {
  const c = connected(ctx);
  const evidence = buildConsentEvidence({
    callId: ctx.callId,
    caller: c.caller,
    jurisdiction: { ...c.jurisdiction, regime: effect.regime },
    decision: effect.decision,
    method: effect.method,
    announcement: c.announcement,
    announcementCompleted: effect.announcementCompleted,
    decidedAt: new Date(ctx.clock.now()),
    offsetMs: atMs,
  });
  await recordConsentDecision(ctx.compliance, evidence);
}

export async function startRecording(ctx: RuntimeContext, effect: Of<'startRecording'>): Promise<void> {
  const c = connected(ctx);
  // Issue 4: ids that cannot be guessed — random, never derived from session and time.
  const recordingId = ctx.newRecordingId();
  const startedAt = new Date(ctx.clock.now()).toISOString();
  await ctx.compliance.createRecording({
    recordingId,
    callId: ctx.callId,
    jurisdiction: c.jurisdiction.code,
    retentionDays: effect.retentionDays,
    startedAt,
    expiresAt: retentionExpiry(startedAt, effect.retentionDays),
    status: 'active',
    pii: { caller: c.caller },
  });
  await ctx.compliance.appendAudit({
    action: 'recording.started',
    actor: 'system',
    callId: ctx.callId,
    recordingId,
    payload: { retentionDays: effect.retentionDays, jurisdiction: c.jurisdiction.code },
  });
  ctx.memory.recordingId = recordingId;
  await ctx.log.annotate(ctx.callId, 'recordingId', recordingId);
  ctx.emit({ type: 'recording.started', recordingId, retentionDays: effect.retentionDays });
}

// The engine orders pause, resume and stop only from the recording state they leave (its
// `recording` is the one record of it); without an id the start never ran, so nothing to change.
export async function pauseRecording(ctx: RuntimeContext, effect: Of<'pauseRecording'>): Promise<void> {
  const id = ctx.memory.recordingId;
  if (!id) return;
  await ctx.compliance.setRecordingStatus(id, 'paused');
  await ctx.compliance.appendAudit({
    action: 'recording.paused',
    actor: 'system',
    callId: ctx.callId,
    recordingId: id,
    payload: { reason: effect.reason },
  });
  ctx.emit({ type: 'recording.paused', reason: effect.reason });
}

export async function resumeRecording(ctx: RuntimeContext): Promise<void> {
  const id = ctx.memory.recordingId;
  if (!id) return;
  await ctx.compliance.setRecordingStatus(id, 'active');
  await ctx.compliance.appendAudit({ action: 'recording.resumed', actor: 'system', callId: ctx.callId, recordingId: id, payload: {} });
  ctx.emit({ type: 'recording.resumed' });
}

export async function stopRecording(ctx: RuntimeContext, effect: Of<'stopRecording'>): Promise<void> {
  const id = ctx.memory.recordingId;
  if (!id) return;
  await ctx.compliance.setRecordingStatus(id, 'stopped');
  await ctx.compliance.appendAudit({
    action: 'recording.stopped',
    actor: 'system',
    callId: ctx.callId,
    recordingId: id,
    payload: { discard: effect.discard },
  });
  ctx.emit({ type: 'recording.stopped' });
  if (!effect.discard) return;
  // Withdrawal where the regime requires it: what was taken is deleted, and the audit says so.
  const reason = 'consent withdrawn';
  await ctx.compliance.setRecordingStatus(id, 'deleted');
  await ctx.compliance.appendAudit({
    action: 'recording.deleted',
    actor: 'system',
    callId: ctx.callId,
    recordingId: id,
    payload: { reason },
  });
  ctx.emit({ type: 'recording.deleted', recordingId: id, reason });
}
