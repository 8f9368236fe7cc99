import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { announcementFor, createMemoryComplianceStore, resolveJurisdiction } from '@switchboard/compliance';
import { ANNOUNCEMENT_PROMPT, parseFlow } from '@switchboard/ivr';
import type { CallEvent, Classification, Flow } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SimulatedClock } from '../clock/simulated-clock.js';
import { createCallRuntime } from './call-runtime.js';
import { ivrEngine } from './ivr-engine.js';
import type { CallAudio, Classifier, SpokenPrompt } from './ports.js';
import { createSqliteEventLog } from './sqlite-event-log.js';

const parsed = parseFlow(parse(readFileSync(join(import.meta.dirname, '../../../../packages/ivr/flows/default.yaml'), 'utf8')));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const flow: Flow = parsed.value;
const dir = mkdtempSync(join(tmpdir(), 'sb-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const general: Classifier = {
  name: 'test-general',
  async classify(): Promise<Classification> {
    return { intent: 'general', confidence: 0.3, sentiment: 'neutral', entities: {} };
  },
};

/** Audio whose prompts finish only when the test says so: a process can die mid-prompt. */
function heldAudio() {
  const spoken: SpokenPrompt[] = [];
  const finishers: Array<() => void> = [];
  const audio: CallAudio = {
    speak(prompt) {
      spoken.push(prompt);
      return new Promise<void>((resolve) => void finishers.push(resolve));
    },
    stopSpeaking() {},
    play() {},
  };
  return {
    audio,
    spoken,
    finishAll: () => {
      for (const f of finishers.splice(0)) f();
    },
  };
}

function openRuntime(dbPath: string, clock: SimulatedClock, compliance: ReturnType<typeof createMemoryComplianceStore>) {
  const db = new Database(dbPath);
  const events: CallEvent[] = [];
  const out = heldAudio();
  const runtime = createCallRuntime({
    callId: 'call-r',
    flow,
    engine: ivrEngine,
    clock,
    classifier: general,
    compliance,
    log: createSqliteEventLog(db),
    audio: out.audio,
    sink: (e) => void events.push(e),
  });
  return {
    runtime,
    events,
    ...out,
    db,
    close: () => {
      runtime.close();
      db.close();
    },
  };
}

describe('a call resumed while the consent announcement was playing', () => {
  it('plays the announcement again and decides consent only on what the replay proves', async () => {
    const dbPath = join(dir, 'calls.db');
    const clock = new SimulatedClock();
    const compliance = createMemoryComplianceStore({ now: () => new Date(clock.now()) });
    const first = openRuntime(dbPath, clock, compliance);
    const caller = '+4930901820';
    const jurisdiction = resolveJurisdiction(caller);
    const announcement = await announcementFor(jurisdiction.regime, flow.language);
    await first.runtime.connect({ caller, channel: 'pstn', tier: 'standard', industry: 'general', jurisdiction, announcement });
    await first.runtime.idle();
    expect(first.spoken.map((p) => p.promptId)).toEqual([ANNOUNCEMENT_PROMPT]);
    await clock.advance(3_000);
    // The process dies mid-announcement: its audio never finishes.
    first.close();

    // Down for longer than the whole answer window (10 s from the announcement's start).
    await clock.advance(30_000);
    const second = openRuntime(dbPath, clock, compliance);
    await second.runtime.resume();
    await second.runtime.idle();
    expect(second.spoken).toEqual([{ promptId: ANNOUNCEMENT_PROMPT, text: announcement.text, interruptible: false }]);
    expect(second.events).toEqual([{ type: 'prompt', id: ANNOUNCEMENT_PROMPT, text: announcement.text, atMs: 33_000 }]);

    // While the replay plays, the old window does not close on the caller; a yes waits for the end.
    await clock.advance(5_000);
    await second.runtime.input({ type: 'caller.said', text: 'yes' });
    await second.runtime.idle();
    expect(second.events.map((e) => e.type)).not.toContain('consent.decided');
    expect(compliance.consents).toEqual([]);

    second.finishAll();
    await second.runtime.idle();
    expect(second.events).toContainEqual(
      expect.objectContaining({ type: 'consent.decided', decision: 'granted', method: 'voice', atMs: 38_000 }),
    );
    expect(compliance.consents).toHaveLength(1);
    expect(compliance.consents[0]).toMatchObject({ decision: 'granted', announcementCompleted: true });
    const finishes = (await createSqliteEventLog(second.db).read('call-r')).filter((e) => e.type === 'prompt.finished');
    expect(finishes).toEqual([expect.objectContaining({ promptId: ANNOUNCEMENT_PROMPT, atMs: 38_000 })]);
    expect(second.runtime.failures()).toEqual([]);
    second.close();
  });

  it('declines when the replay itself is never heard to the end, with evidence that says so', async () => {
    const dbPath = join(dir, 'unheard.db');
    const clock = new SimulatedClock();
    const compliance = createMemoryComplianceStore({ now: () => new Date(clock.now()) });
    const first = openRuntime(dbPath, clock, compliance);
    const caller = '+4930901820';
    const jurisdiction = resolveJurisdiction(caller);
    const announcement = await announcementFor(jurisdiction.regime, flow.language);
    await first.runtime.connect({ caller, channel: 'pstn', tier: 'standard', industry: 'general', jurisdiction, announcement });
    await first.runtime.idle();
    first.close();
    await clock.advance(20_000);

    const second = openRuntime(dbPath, clock, compliance);
    await second.runtime.resume();
    await second.runtime.idle();
    expect(second.spoken).toHaveLength(1);
    // The window runs from the replay's start, as for a fresh play.
    await clock.advance(flow.consent.answerTimeoutMs - 1);
    await second.runtime.idle();
    expect(compliance.consents).toEqual([]);
    // Unfinished at the window's end: the engine waits one guard window more for the end of
    // the announcement (a long announcement can outlast the window), then declines.
    await clock.advance(1);
    await second.runtime.idle();
    expect(compliance.consents).toEqual([]);
    await clock.advance(flow.consent.answerTimeoutMs);
    await second.runtime.idle();
    expect(compliance.consents).toEqual([
      expect.objectContaining({ decision: 'declined', method: 'timeout', announcementCompleted: false }),
    ]);
    expect(second.events.map((e) => e.type)).not.toContain('recording.started');
    second.close();
  });

  it('does not replay an announcement that finished before the restart', async () => {
    const dbPath = join(dir, 'heard.db');
    const clock = new SimulatedClock();
    const compliance = createMemoryComplianceStore({ now: () => new Date(clock.now()) });
    const first = openRuntime(dbPath, clock, compliance);
    const caller = '+4930901820';
    const jurisdiction = resolveJurisdiction(caller);
    const announcement = await announcementFor(jurisdiction.regime, flow.language);
    await first.runtime.connect({ caller, channel: 'pstn', tier: 'standard', industry: 'general', jurisdiction, announcement });
    first.finishAll();
    await first.runtime.idle();
    first.close();

    const second = openRuntime(dbPath, clock, compliance);
    await second.runtime.resume();
    await second.runtime.idle();
    expect(second.spoken).toEqual([]);
    expect(second.events).toEqual([]);
    second.close();
  });
});
