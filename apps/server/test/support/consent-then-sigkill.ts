// Child process for the kill -9 test: durably record one consent decision and its audit entry
// through the real store, then SIGKILL itself at once — no close, no flush, no exit handlers.
import { announcementFor, buildConsentEvidence, recordConsentDecision, resolveJurisdiction } from '@switchboard/compliance';
import { openSqliteStore } from '../../src/adapters/storage/sqlite-store.js';

const [dbPath, callId] = process.argv.slice(2);
if (!dbPath || !callId) throw new Error('usage: consent-then-sigkill.ts DB CALL_ID');
const store = await openSqliteStore(dbPath);
const jurisdiction = resolveJurisdiction('+4930901820');
const evidence = buildConsentEvidence({
  callId,
  caller: '+4930901820',
  jurisdiction,
  decision: 'granted',
  method: 'voice',
  announcement: await announcementFor(jurisdiction.regime, 'de'),
  announcementCompleted: true,
  decidedAt: new Date(),
  offsetMs: 4200,
});
await recordConsentDecision(store, evidence);
process.kill(process.pid, 'SIGKILL');
