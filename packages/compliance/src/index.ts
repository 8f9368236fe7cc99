/**
 * @switchboard/compliance — lawful recording as pure functions and data (issue 4).
 *
 * For the call runtime, in call order:
 *   resolveJurisdiction(caller, { channel, industry, classifyUsByAreaCode })  → Jurisdiction
 *   announcementFor(jurisdiction.regime, flow.language)                      → Announcement (id, text, sha256)
 *   …engine decides consent… buildConsentEvidence(...) + recordConsentDecision(store, evidence)
 *   newRecordingId(), retentionExpiry(startedAt, jurisdiction.retentionDays) → store.createRecording
 *   redactCardData(text, carry) where caller input enters; maskCardDigits(text) on every text sink
 * Storage is the ComplianceStore port (store.ts): SQLite in apps/server/src/adapters/storage,
 * createMemoryComplianceStore() (also at '@switchboard/compliance/testing') for unit tests.
 */
export * from './announcement.js';
export * from './area-codes.js';
export * from './audit-chain.js';
export * from './canonical-json.js';
export * from './consent-evidence.js';
export * from './dsar-plan.js';
export * from './jurisdiction.js';
export * from './mask.js';
export * from './recording-id.js';
export * from './redact-card-data.js';
export * from './retention.js';
export * from './ruleset.js';
export * from './sha256.js';
export * from './store.js';
export * from './testing/memory-store.js';
