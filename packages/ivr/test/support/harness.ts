import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallEventBody, Classification, EngineEvent, Flow, Regime } from '@switchboard/protocol';
import { parse } from 'yaml';
import { ANNOUNCEMENT_PROMPT } from '../../src/engine/consent.js';
import { type EngineState, initialState } from '../../src/engine/state.js';
import { step } from '../../src/engine/step.js';
import type { Effect } from '../../src/engine/types.js';
import { parseFlow } from '../../src/flow/parse-flow.js';

/** Test-only helpers: the shipped default flow, input builders and a replay driver. */
export function defaultFlow(): Flow {
  return loadFlow('default');
}

/** A shipped flow by file name (packages/ivr/flows/NAME.yaml). */
export function loadFlow(name: string): Flow {
  const raw = parse(readFileSync(join(import.meta.dirname, `../../flows/${name}.yaml`), 'utf8'));
  const parsed = parseFlow(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

type Body<E> = E extends EngineEvent ? Omit<E, 'id' | 'atMs'> : never;
export type Input = Body<EngineEvent>;

const RETENTION: Record<Regime, number> = { 'explicit-opt-in': 30, 'all-party': 90, 'one-party': 365 };

export function connected(regime: Regime, caller = '+4930901820'): Input {
  return {
    type: 'call.connected',
    callId: 'call-1',
    caller,
    channel: 'pstn',
    tier: 'standard',
    industry: 'general',
    jurisdiction: { code: 'XX', country: null, subdivision: null, regime, retentionDays: RETENTION[regime], rulesetVersion: 'test-1' },
    announcement: { id: `ann-${regime}`, text: `This call may be recorded (${regime}).`, sha256: '0'.repeat(64) },
  };
}

export function said(
  text: string,
  intent: string,
  confidence = 0.9,
  sentiment: Classification['sentiment'] = 'neutral',
  entities: Classification['entities'] = {},
): Input {
  return { type: 'caller.said', text, classification: { intent, confidence, sentiment, entities } };
}

export const dtmf = (digit: string): Input => ({ type: 'caller.dtmf', digit });

/** The consent announcement played to the end (the runtime feeds this after the `say`). */
export const finished: Input = { type: 'prompt.finished', promptId: ANNOUNCEMENT_PROMPT };

export interface Run {
  state: EngineState;
  effects: Effect[];
  /** The emitted call events, in order. */
  events: CallEventBody[];
  atMs: number;
  seq: number;
}

export function start(): Run {
  return { state: initialState(), effects: [], events: [], atMs: 0, seq: 0 };
}

/** Applies inputs in order, each under a fresh id. */
export function feed(flow: Flow, run: Run, ...inputs: Input[]): Run {
  let r = run;
  for (const input of inputs) {
    const seq = r.seq + 1;
    const event = { ...input, id: `in-${seq}`, atMs: r.atMs } as EngineEvent;
    const out = step(flow, r.state, event);
    r = {
      state: out.state,
      effects: [...r.effects, ...out.effects],
      events: [...r.events, ...out.effects.flatMap((e) => (e.type === 'emit' ? [e.event] : []))],
      atMs: r.atMs,
      seq,
    };
  }
  return r;
}

/** Fires the live timer of a purpose, as the runtime would when it elapses. */
export function fire(flow: Flow, run: Run, purpose: keyof EngineState['timers']): Run {
  const timerId = run.state.timers[purpose];
  if (timerId === undefined) throw new Error(`no live ${purpose} timer in ${JSON.stringify(run.state.timers)}`);
  return feed(flow, run, { type: 'timer.fired', timerId });
}

export const types = (run: Run): string[] => run.events.map((e) => String(e.type));
export const effectTypes = (run: Run): string[] => run.effects.map((e) => e.type);
