import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEmbeddedClassifier, type EngineState, parseFlow } from '@switchboard/ivr';
import type { CallEvent } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { openSqliteStore } from '../../src/adapters/storage/sqlite-store.js';
import { type CallRuntime, createCallRuntime } from '../../src/call/call-runtime.js';
import { connectCaller } from '../../src/call/connect-caller.js';
import { ivrEngine } from '../../src/call/ivr-engine.js';
import { createSqliteEventLog } from '../../src/call/sqlite-event-log.js';
import { createRealClock } from '../../src/clock/real-clock.js';

/** A call on real parts (SQLite store and log in `dbPath`, real classifier, wall clock), for restart tests. */
export async function openCall(dbPath: string, callId: string, events: CallEvent[] = []) {
  const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '../../../../packages/ivr/flows/default.yaml'), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const flow = parsed.value;
  const compliance = await openSqliteStore(dbPath);
  const callDb = new Database(dbPath);
  const runtime: CallRuntime<EngineState> = createCallRuntime({
    callId,
    flow,
    engine: ivrEngine,
    clock: createRealClock(),
    classifier: createEmbeddedClassifier(flow),
    compliance,
    log: createSqliteEventLog(callDb),
    sink: (e) => void events.push(e),
  });
  const connect = async (caller: string) => {
    await connectCaller(runtime, { caller, channel: 'pstn', language: flow.language });
  };
  const close = async () => {
    runtime.close();
    callDb.close();
    await compliance.close();
  };
  return { runtime, compliance, events, connect, close };
}
