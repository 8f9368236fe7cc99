import type { Classification, IntentDef } from '@switchboard/protocol';
import { isWithdrawal } from './answers.js';
import { confirmationAnswer, spokenIntent } from './confirmation.js';
import { withdraw } from './consent.js';
import { handoffContext, mergeEntities } from './handoff-context.js';
import { askCapacityChoice, joinQueue } from './queueing.js';
import { cancelTimer, emit, prompt, say, startTimer, type Turn } from './turn.js';

/** Keeps the handoff statement bounded however long the caller talks. */
const MAX_STATEMENTS = 8;

/** After consent: the greeting, or the callback/hold choice when capacity ran out meanwhile. */
export function openDialogue(t: Turn): void {
  if (t.s.capacityPending) {
    t.s.capacityPending = false;
    askCapacityChoice(t, 'listening');
    return;
  }
  greet(t);
}

export function greet(t: Turn): void {
  t.s.phase = 'listening';
  t.s.noInputCount = 0;
  say(t, 'greeting', t.flow.greeting);
  startTimer(t, 'noInput', t.flow.noInputMs);
}

export function onSaid(t: Turn, text: string, c: Classification): void {
  t.s.noInputCount = 0;
  if (isWithdrawal(t.flow, text)) {
    withdraw(t);
    startTimer(t, 'noInput', t.flow.noInputMs);
    return;
  }
  // The answer to "It sounds like billing. Is that right?": yes routes, no goes to the keypad
  // menu, anything else is taken as the caller restating the request.
  const confirming = t.s.confirming;
  if (confirming !== null) {
    t.s.confirming = null;
    const answer = confirmationAnswer(t.flow, text);
    const def = t.flow.intents.find((i) => i.name === confirming);
    if (answer === 'yes' && def) {
      handoff(t, def, 'speech', null);
      return;
    }
    if (answer === 'no') {
      showMenu(t);
      return;
    }
  }
  if (text.trim()) t.s.statements = [...t.s.statements, text.trim()].slice(-MAX_STATEMENTS);
  t.s.entities = mergeEntities(t.s.entities, c.entities);
  t.s.sentiment = c.sentiment;
  emit(t, { type: 'intent', intent: c.intent, confidence: c.confidence, sentiment: c.sentiment, entities: c.entities, via: 'speech' });

  // Frustration or a request for a person: escalate immediately, no clarifying detour.
  if (c.sentiment === 'frustrated') {
    escalate(t, 'frustrated', 'speech');
    return;
  }
  if (c.intent === t.flow.escalationIntent) {
    escalate(t, 'request', 'speech');
    return;
  }

  const def = t.flow.intents.find((i) => i.name === c.intent);
  const unclear = def === undefined || c.intent === t.flow.fallbackIntent || c.confidence < t.flow.clarifyBelowConfidence;
  // Heard, but not surely: read the route back once (flow.confirmBelowConfidence; 0 = off).
  // A restatement after a confirmation that is still unsure goes to the menu, not round again.
  if (!unclear && c.confidence < t.flow.confirmBelowConfidence && t.s.phase === 'listening') {
    if (confirming !== null) {
      showMenu(t);
      return;
    }
    t.s.confirming = def.name;
    emit(t, { type: 'confirm', intent: def.name, confidence: c.confidence });
    prompt(t, 'confirm', { intent: spokenIntent(def.name) });
    startTimer(t, 'noInput', t.flow.noInputMs);
    return;
  }
  if (!unclear) {
    handoff(t, def, 'speech', null);
    return;
  }
  if (t.s.phase === 'listening' && t.s.clarifyAttempts === 0) {
    // One clarifying question, then the DTMF menu (issue 3).
    t.s.clarifyAttempts = 1;
    emit(t, { type: 'clarify', attempt: 1 });
    prompt(t, 'clarify');
    startTimer(t, 'noInput', t.flow.noInputMs);
    return;
  }
  if (t.s.phase === 'listening') {
    showMenu(t);
    return;
  }
  // Still unclear after the menu: the fallback intent's people take it, with everything said so far.
  handoff(t, fallbackDef(t), 'speech', null);
}

export function onDtmf(t: Turn, digit: string): void {
  t.s.noInputCount = 0;
  t.s.confirming = null;
  const def = t.flow.intents.find((i) => i.dtmf === digit);
  if (def === undefined) {
    prompt(t, 'unknownKey');
    showMenu(t);
    return;
  }
  emit(t, { type: 'intent', intent: def.name, confidence: 1, sentiment: t.s.sentiment, entities: t.s.entities, via: 'dtmf' });
  if (def.name === t.flow.escalationIntent) {
    escalate(t, 'request', 'dtmf');
    return;
  }
  handoff(t, def, 'dtmf', null);
}

/** No input: re-prompt once, then offer (and connect) a representative. */
export function onNoInput(t: Turn): void {
  if (t.s.noInputCount === 0) {
    t.s.noInputCount = 1;
    if (t.s.confirming !== null) prompt(t, 'confirm', { intent: spokenIntent(t.s.confirming) });
    else prompt(t, t.s.phase === 'menu' ? 'menu' : 'noInput');
    startTimer(t, 'noInput', t.flow.noInputMs);
    return;
  }
  emit(t, { type: 'escalation', reason: 'no-input' });
  prompt(t, 'offerRepresentative');
  handoff(t, escalationDef(t), 'dtmf', 'no-input', { silent: true });
}

function showMenu(t: Turn): void {
  t.s.phase = 'menu';
  prompt(t, 'menu');
  startTimer(t, 'noInput', t.flow.noInputMs);
}

function escalate(t: Turn, reason: 'frustrated' | 'request', via: 'speech' | 'dtmf'): void {
  emit(t, { type: 'escalation', reason });
  prompt(t, 'escalationApology');
  handoff(t, escalationDef(t), via, reason, { silent: true });
}

function escalationDef(t: Turn): IntentDef {
  return t.flow.intents.find((i) => i.name === t.flow.escalationIntent) ?? fallbackDef(t);
}

function fallbackDef(t: Turn): IntentDef {
  // parseFlow guarantees both intents exist; the last resort keeps `step` total for unchecked flows.
  const def = t.flow.intents.find((i) => i.name === t.flow.fallbackIntent) ?? t.flow.intents[0];
  return def ?? { name: t.flow.fallbackIntent, description: '', examples: ['-'], route: t.flow.fallbackIntent };
}

/** Every handoff carries the full caller context, then joins the route's queue. */
function handoff(t: Turn, def: IntentDef, via: 'speech' | 'dtmf', escalation: string | null, opts = { silent: false }): void {
  cancelTimer(t, 'noInput');
  const context = handoffContext({
    callerId: t.s.call?.caller ?? 'unknown',
    intent: def.name,
    statements: t.s.statements,
    sentiment: t.s.sentiment,
    entities: t.s.entities,
    via,
    escalation,
  });
  t.s.context = context;
  t.s.route = def.route;
  // Nobody staffs the route: don't promise a connection the voicemail prompt will retract.
  if (!opts.silent && t.s.agents[def.route] !== 0) prompt(t, 'handoff');
  emit(t, { type: 'handoff', to: def.route, context });
  joinQueue(t);
}
