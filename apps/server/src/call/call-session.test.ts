import { createMemoryComplianceStore } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import type { CallEvent } from '@switchboard/protocol';
import { describe, expect, it } from 'vitest';
import { defaultFlow } from '../../test/support/speech.js';
import { SimulatedClock } from '../clock/simulated-clock.js';
import { CallDirectory } from './call-directory.js';
import { type CallExit, CallSession } from './call-session.js';
import { createMemoryCallQueue } from './memory-call-queue.js';
import { createMemoryEventLog } from './memory-event-log.js';
import type { CallAudio, SpokenPrompt } from './ports.js';

/**
 * The contract a new door adapts to (a LiveKit room next): 16 kHz PCM in pieces of any size,
 * keys, prompt audio out (finished when played), call events out, the hand-back on exit.
 */
describe('CallSession: the door contract', () => {
  it('takes 10 ms PCM pieces and keys, plays prompts, records only after consent, and hands the call on when routed', async () => {
    const flow = defaultFlow();
    const clock = new SimulatedClock();
    const writes: number[] = [];
    const events: CallEvent[] = [];
    const exits: CallExit[] = [];
    const playing: { prompt: SpokenPrompt; done: () => void }[] = [];
    const audio: CallAudio = {
      speak: (prompt) => new Promise<void>((done) => playing.push({ prompt, done })),
      stopSpeaking: () => undefined,
      play: () => undefined,
      drained: async () => undefined,
    };
    const calls = new CallDirectory();
    const session = new CallSession(
      {
        flow,
        classifier: createEmbeddedClassifier(flow),
        compliance: createMemoryComplianceStore(),
        eventLog: createMemoryEventLog(),
        clock,
        queue: createMemoryCallQueue({ defaultAgents: 1 }),
        calls,
        recordings: { write: (_id, frame) => void writes.push(frame.length), close: async () => undefined },
      },
      { callId: 'room-1', channel: 'pstn', door: { audio, event: (e) => void events.push(e), exit: (x) => void exits.push(x) } },
    );
    const tenMs = new Int16Array(160).fill(50);
    expect(await session.open({ caller: '+4930901820' })).toBe('started');
    expect(calls.find('room-1')).toBeDefined();
    for (let i = 0; i < 64; i++) session.pcm(tenMs); // during the announcement: nothing kept
    expect(writes).toEqual([]);
    expect(playing[0]?.prompt.promptId).toBe('consent.announcement');
    playing.shift()?.done();
    await session.runtime.idle();
    await session.input({ type: 'caller.dtmf', id: 'k1', digit: '1' }); // yes, record
    expect(events.find((e) => e.type === 'consent.decided')).toMatchObject({ decision: 'granted', method: 'dtmf' });
    for (let i = 0; i < 64; i++) session.pcm(tenMs); // 640 ms → 20 whole frames of 512
    expect(writes).toEqual(Array(20).fill(512));
    // The caller hears the greeting before the menu key: two keys with no prompt between them
    // are a keyed string (card data), which is never stored (issue 13).
    for (const p of playing.splice(0)) p.done();
    await session.runtime.idle();
    await session.input({ type: 'caller.dtmf', id: 'k2', digit: '1' }); // billing
    await session.runtime.idle();
    // A free (console) agent takes the caller: the door is told to hand the call on, newest target first.
    for (const p of playing.splice(0)) p.done();
    await session.runtime.idle();
    await new Promise((r) => setImmediate(r));
    expect(events.find((e) => e.type === 'transfer')).toMatchObject({ to: 'billing-agent-1' });
    expect(exits).toEqual([{ kind: 'route', to: ['billing-agent-1', 'billing'] }]);
    await session.close();
    expect(calls.find('room-1')).toBeUndefined();
  });
});
