import type { Announcement, ConsentDecision, ConsentMethod, Jurisdiction } from '@switchboard/protocol';
import type { AuditInput, ComplianceStore, ConsentEvidence } from './store.js';

/**
 * Builds the evidence stored for each consent decision (issue 4: call id, numbers as pii,
 * jurisdiction, ruleset version, method, announcement id and hash, UTC time, offset in call),
 * and the matching audit entry. The call runtime, on the engine's `consent.decided`:
 *
 *   const evidence = buildConsentEvidence({ callId, caller, jurisdiction, decision, method,
 *     announcement, announcementCompleted: true, decidedAt: clock.now(), offsetMs: atMs });
 *   await recordConsentDecision(store, evidence); // durable consent row + audit entry
 *   // only now may a recording start (and only if decision is 'granted')
 *
 * It refuses evidence that contradicts the law it records: a timeout is never a grant (GDPR
 * Recital 32: silence is not consent — the lesson's code had this bug), and `notice` (one-party
 * disclosure, all-party objection window passed in silence) is never used under explicit opt-in.
 */
export interface ConsentEvidenceInput {
  callId: string;
  caller: string;
  callee?: string;
  jurisdiction: Jurisdiction;
  decision: ConsentDecision;
  method: ConsentMethod;
  announcement: Announcement;
  announcementCompleted: boolean;
  decidedAt: Date;
  offsetMs: number;
}

export class InvalidConsentEvidence extends Error {
  readonly code = 'invalid-consent-evidence';
  readonly retryable = false;
}

export function buildConsentEvidence(input: ConsentEvidenceInput): ConsentEvidence {
  const { decision, method, jurisdiction } = input;
  if (method === 'timeout' && decision !== 'declined') {
    throw new InvalidConsentEvidence('a consent timeout is a refusal, never a grant (GDPR Recital 32)');
  }
  if (method === 'notice' && jurisdiction.regime === 'explicit-opt-in') {
    throw new InvalidConsentEvidence('explicit-opt-in needs an answer; notice is not consent there');
  }
  if (method === 'notice' && decision !== 'granted') {
    throw new InvalidConsentEvidence('notice only ever grants (an objection is a voice/dtmf/web decline)');
  }
  if (decision === 'granted' && !input.announcementCompleted) {
    throw new InvalidConsentEvidence('consent needs the announcement played to the end');
  }
  if (!Number.isInteger(input.offsetMs) || input.offsetMs < 0) {
    throw new InvalidConsentEvidence(`offsetMs must be a non-negative integer, got ${input.offsetMs}`);
  }
  const pii: ConsentEvidence['pii'] = { caller: input.caller };
  if (input.callee !== undefined) pii.callee = input.callee;
  return {
    callId: input.callId,
    jurisdiction: jurisdiction.code,
    regime: jurisdiction.regime,
    rulesetVersion: jurisdiction.rulesetVersion,
    decision,
    method,
    announcementId: input.announcement.id,
    announcementSha256: input.announcement.sha256,
    announcementCompleted: input.announcementCompleted,
    decidedAt: input.decidedAt.toISOString(),
    offsetMs: input.offsetMs,
    pii,
  };
}

/** The audit entry for a consent decision: evidence in the hashed payload, numbers in pii. */
export function consentAuditInput(evidence: ConsentEvidence): AuditInput {
  const { pii, callId, ...rest } = evidence;
  return { action: 'consent.decided', actor: 'system', callId, payload: { ...rest }, pii: { ...pii } };
}

/** Writes the consent row, then its audit entry; both are durable when this resolves. */
export async function recordConsentDecision(store: ComplianceStore, evidence: ConsentEvidence): Promise<void> {
  await store.recordConsent(evidence);
  await store.appendAudit(consentAuditInput(evidence));
}
