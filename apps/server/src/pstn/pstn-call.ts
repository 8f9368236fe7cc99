import type { EngineState } from '@switchboard/ivr';
import type { CallEvent } from '@switchboard/protocol';
import { z } from 'zod';
import type { CallInput } from '../call/call-input.js';
import type { CallRuntime } from '../call/call-runtime.js';
import type { CallServices } from '../call/call-services.js';
import { type CallExit, CallSession } from '../call/call-session.js';
import type { CallAudio, SpokenPrompt } from '../call/ports.js';

/** What every phone call shares: the process's call services (one queue, placer, agent directory). */
export type PstnCallDeps = CallServices;

/**
 * Why the call leaves the loop. `to`: the handoff's route name, then the transfer's target (an
 * agent id), newest first — the loop dials the first that has a number.
 */
export type PstnExit = CallExit | null;

/** The carrier leg a logged call belongs to (EventLog annotation, written before call.connected). */
const CARRIER_NOTE = 'pstn.carrier';
const CarrierNote = z.object({ provider: z.string(), callSid: z.string() });
/** The last answer given to the carrier: its turn, how many prompts it had been given, the markup. */
const ANSWER_NOTE = 'pstn.answer';
const AnswerNote = z.object({
  turn: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  response: z.string(),
  /** It dialled or hung up: the call needs no more answers. */
  final: z.boolean(),
});

/** `pstn-<carrier name>-<CallSid>`: the carrier's call id names the call, so a restarted process finds it in the log. */
export function pstnCallId(provider: string, callSid: string): string {
  return `pstn-${provider}-${callSid}`;
}

interface Spoken {
  text: string;
  /** The carrier played it to the end: feeds the runtime's `prompt.finished`. */
  played: () => void;
}

/**
 * Speech prompts are "played" by the carrier: each becomes a <Say> of the next answer, and it
 * has played to the end when the carrier's next Gather action arrives (every <Say> sits before
 * the <Gather>, outside it). Prompts said after an answer (a timer firing while the carrier
 * gathers) wait for the answer after that; only delivered ones are finished by a webhook.
 */
class CarrierSpokenAudio implements CallAudio {
  #pending: Spoken[] = [];
  #delivered: Spoken[] = [];
  /** While the runtime resumes: the call rebuilds its prompts from the log (see PstnCall.revive). */
  swallow = false;
  speak(prompt: SpokenPrompt): Promise<void> {
    if (this.swallow) return new Promise(() => undefined);
    return new Promise((resolve) => this.#pending.push({ text: prompt.text, played: resolve }));
  }
  queue(spoken: Spoken, delivered: boolean): void {
    (delivered ? this.#delivered : this.#pending).push(spoken);
  }
  /** Texts for the next answer, in the order they were said; they count as delivered. */
  take(): string[] {
    const taken = this.#pending.splice(0);
    this.#delivered.push(...taken);
    return taken.map((s) => s.text);
  }
  /** The carrier's Gather action arrived: every delivered <Say> played whole. */
  finishDelivered(): void {
    for (const s of this.#delivered.splice(0)) s.played();
  }
  stopSpeaking(): void {}
  play(): void {}
}

/**
 * One phone call on carrier speech, restart-safe (issue 6): the runtime's inputs are in the
 * durable event log; beside it two annotations say which carrier leg the call is and what the
 * carrier was last answered (turn, prompts handed over, markup). A webhook for a call this
 * process does not hold rebuilds it with `resume()` — no second call.connected, consent and
 * recording as logged — and re-derives which prompts the carrier still owes the caller.
 *
 * Turns make carrier retries harmless: answer n's Gather action carries `turn=n`, inputs of
 * that webhook get ids from it (the log drops a repeat), and a webhook for an answered turn is
 * given the stored answer again.
 */
export class PstnCall {
  readonly callId: string;
  readonly session: CallSession;
  readonly audio = new CarrierSpokenAudio();
  /** Answers given so far; the Gather of answer n reports back as turn n. */
  turn = 0;
  /** Prompts handed to the carrier so far, in say order. */
  sent = 0;
  lastResponse = '';
  /** The last answer dialled or hung up: nothing more to answer, the call may leave memory. */
  final = false;
  readonly #deps: PstnCallDeps;
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(callId: string, deps: PstnCallDeps) {
    this.callId = callId;
    this.#deps = deps;
    this.session = new CallSession(deps, { callId, channel: 'pstn', door: { audio: this.audio } });
  }

  get runtime(): CallRuntime<EngineState> {
    return this.session.runtime;
  }

  /** handoff/transfer/call.ended seen: the next answer dials or hangs up instead of gathering. */
  get exit(): PstnExit {
    return this.session.exit;
  }

  /** A new call: the carrier leg is noted durably before the caller is connected. */
  static async start(deps: PstnCallDeps, leg: { provider: string; callSid: string; from: string }): Promise<PstnCall> {
    const call = new PstnCall(pstnCallId(leg.provider, leg.callSid), deps);
    await deps.eventLog.annotate(call.callId, CARRIER_NOTE, JSON.stringify({ provider: leg.provider, callSid: leg.callSid }));
    await call.session.open({ caller: leg.from });
    return call;
  }

  /** The logged call of this carrier leg rebuilt after a restart, or null when there is none. */
  static async revive(deps: PstnCallDeps, leg: { provider: string; callSid: string }): Promise<PstnCall | null> {
    const callId = pstnCallId(leg.provider, leg.callSid);
    const notes = await deps.eventLog.annotations(callId);
    const carrier = notes[CARRIER_NOTE] ? CarrierNote.parse(JSON.parse(notes[CARRIER_NOTE])) : null;
    if (carrier?.provider !== leg.provider || carrier.callSid !== leg.callSid) return null;
    const logged = new Set((await deps.eventLog.read(callId)).map((e) => e.id));
    // Noted but never connected (the process died in between): nothing to resume; /voice starts it.
    if (logged.size === 0) return null;
    const answered = notes[ANSWER_NOTE] ? AnswerNote.parse(JSON.parse(notes[ANSWER_NOTE])) : null;
    const call = new PstnCall(callId, deps);
    call.turn = answered?.turn ?? 0;
    call.sent = answered?.sent ?? 0;
    call.lastResponse = answered?.response ?? '';
    call.final = answered?.final ?? false;
    // resume() replays the announcement through speak() when it never finished; the prompts
    // are rebuilt below from the log instead, so the carrier's own record decides what is owed.
    call.audio.swallow = true;
    await call.session.open({ caller: '' });
    call.audio.swallow = false;
    const replayed = call.session.replayed;
    // The k-th prompt said is finished by input `prompt.finished:k` (the runtime's deterministic
    // id, see CallMemory.says): delivered ones finish when the next Gather action arrives,
    // undelivered ones (said, then the process died before answering) go into the next answer.
    const prompts = replayed.filter((e): e is Extract<CallEvent, { type: 'prompt' }> => e.type === 'prompt');
    prompts.forEach((prompt, i) => {
      const id = `prompt.finished:${i + 1}`;
      if (logged.has(id) && i < call.sent) return;
      const played = () => void call.session.input({ type: 'prompt.finished', id, promptId: prompt.id }).catch(() => undefined);
      call.audio.queue({ text: prompt.text, played }, i < call.sent);
    });
    deps.logger?.info({ callId, turn: call.turn, prompts: prompts.length, sent: call.sent }, 'phone call resumed from its event log');
    return call;
  }

  /** Runs webhook handlers of this call one at a time (a retry may arrive while the first runs). */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** The carrier played what it was given: feed the finishes, then let them settle. */
  async played(): Promise<void> {
    this.audio.finishDelivered();
    await new Promise((r) => setImmediate(r)); // resolved speak() promises feed their inputs
    await this.runtime.idle();
  }

  async input(input: CallInput): Promise<void> {
    await this.session.input(input);
  }

  /** Records an answer durably before it is returned: a retry of its webhook gets it again. */
  async answered(response: string, final: boolean): Promise<void> {
    const note = { turn: this.turn + 1, sent: this.sent, response, final } satisfies z.infer<typeof AnswerNote>;
    await this.#deps.eventLog.annotate(this.callId, ANSWER_NOTE, JSON.stringify(note));
    this.turn = note.turn;
    this.lastResponse = response;
    this.final = final;
  }

  /** Texts for the next answer; counted as handed to the carrier. */
  takePrompts(): string[] {
    const texts = this.audio.take();
    this.sent += texts.length;
    return texts;
  }
}
