import { createMemoryComplianceStore } from '@switchboard/compliance';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import { describe, expect, it } from 'vitest';
import { defaultFlow } from '../../test/support/speech.js';
import { SimulatedClock } from '../clock/simulated-clock.js';
import { CallDirectory, callStatus, locateCall } from './call-directory.js';
import { createCallRuntime } from './call-runtime.js';
import { connectCaller } from './connect-caller.js';
import { ivrEngine } from './ivr-engine.js';
import { createMemoryEventLog } from './memory-event-log.js';

const flow = defaultFlow();

describe('call directory', () => {
  it('releases only its own entry: a resumed stream of the same call stays listed', () => {
    const directory = new CallDirectory();
    const entry = {
      channel: 'pstn' as const,
      input: async () => ({ accepted: false as const, reason: 'ended' as const }),
      status: () => ({ cardEntry: false, recording: 'off' as const, recordingId: null }),
    };
    const first = directory.add('twilio:CA1', entry);
    const second = directory.add('twilio:CA1', { ...entry });
    first();
    expect(directory.find('twilio:CA1')).toBeDefined();
    second();
    expect(directory.find('twilio:CA1')).toBeUndefined();
    expect(directory.size).toBe(0);
  });

  it('locates a call live in a source, else by replaying its log: ended, not live, or unknown', async () => {
    const log = createMemoryEventLog();
    const clock = new SimulatedClock();
    const runtime = createCallRuntime({
      callId: 'web-1',
      flow,
      engine: ivrEngine,
      clock,
      classifier: createEmbeddedClassifier(flow),
      compliance: createMemoryComplianceStore(),
      log,
      sink: () => undefined,
    });
    await connectCaller(runtime, { caller: 'web:web-1', channel: 'web', language: flow.language });
    const directory = new CallDirectory();
    const release = directory.add('web-1', { channel: 'web', input: runtime.input, status: () => callStatus(runtime) });
    const where = { sources: [{ find: async () => undefined }, directory], log, flow };
    expect(await locateCall('web-1', where)).toMatchObject({ where: 'here', call: { channel: 'web' } });
    release();
    expect(await locateCall('web-1', where)).toEqual({ where: 'not-live' });
    await runtime.input({ type: 'caller.hungup', id: 'hangup-1' });
    expect(await locateCall('web-1', where)).toEqual({ where: 'ended' });
    expect(await locateCall('web-2', where)).toEqual({ where: 'unknown' });
    runtime.close();
  });
});
