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
 * createMemoryComplianceStore() in memory (an implementation held to the same store contract,
 * test/support/store-contract.ts, as SQLite and PostgreSQL; the simulator and unit tests use it).
 */
export * from './announcement.js';
export * from './area-codes.js';
export * from './audit-chain.js';
export * from './canonical-json.js';
export * from './consent-evidence.js';
export * from './dsar-plan.js';
export * from './jurisdiction.js';
export * from './mask.js';
export * from './memory-store.js';
export * from './recording-id.js';
export * from './redact-card-data.js';
export * from './retention.js';
export * from './ruleset.js';
export * from './sha256.js';
export * from './store.js';
