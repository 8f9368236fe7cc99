import type { EngineEvent } from '@switchboard/protocol';
import type { EventLog } from './event-log.js';

/** In-memory EventLog for unit tests and single-process simulation. Copies events so callers cannot mutate the log. */
export function createMemoryEventLog(): EventLog {
  const calls = new Map<string, { ids: Set<string>; events: EngineEvent[] }>();
  const notes = new Map<string, Record<string, string>>();
  return {
    async append(callId, event) {
      let call = calls.get(callId);
      if (!call) {
        call = { ids: new Set(), events: [] };
        calls.set(callId, call);
      }
      if (call.ids.has(event.id)) return false;
      call.ids.add(event.id);
      call.events.push(structuredClone(event));
      return true;
    },
    async read(callId) {
      return structuredClone(calls.get(callId)?.events ?? []);
    },
    async annotate(callId, key, value) {
      notes.set(callId, { ...notes.get(callId), [key]: value });
    },
    async annotations(callId) {
      return { ...notes.get(callId) };
    },
  };
}
