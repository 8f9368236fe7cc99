import { z } from 'zod';

const DtmfKey = z.string().regex(/^[0-9*#]$/, 'a single DTMF key: 0-9, * or #');

export const IntentDefSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case identifier'),
  description: z.string(),
  /** Training utterances for the embedded classifier; never the evaluation set. */
  examples: z.array(z.string().min(1)).min(1),
  dtmf: DtmfKey.optional(),
  /** Queue (or agent group) the caller is handed to. */
  route: z.string().min(1),
});
export type IntentDef = z.infer<typeof IntentDefSchema>;

export const ConsentAnswersSchema = z.strictObject({
  yes: z.array(z.string().min(1)).min(1),
  no: z.array(z.string().min(1)).min(1),
});

const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number such as +14155550123');

/**
 * One agent a transfer can reach (issue 11): the queue (route) they serve and a real endpoint —
 * an E.164 phone number or a SIP URI (dialled through the carriers' failover router), or
 * "console" (the operator console in the browser; no carrier leg).
 */
export const AgentDefSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case identifier'),
  queue: z.string().min(1),
  endpoint: z.union([z.literal('console'), E164, z.string().regex(/^sips?:[^\s@]+@[^\s]+$/, 'a SIP URI such as sip:agent@pbx.example.com')]),
});
export type AgentDef = z.infer<typeof AgentDefSchema>;

export const FlowSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** BCP 47 language of the prompts and consent answers. DTMF works in every language. */
  language: z.string().default('en'),
  greeting: z.string().min(1),
  intents: z.array(IntentDefSchema).min(1),
  /** Intent used for "I want a person" and DTMF 0 (shared/DESIGN.md: DTMF 0 is escalation/request). */
  escalationIntent: z.string().default('escalation'),
  /** Intent meaning "not specific enough": asks one clarifying question. */
  fallbackIntent: z.string().default('general'),
  prompts: z.strictObject({
    clarify: z.string().min(1),
    menu: z.string().min(1),
    unknownKey: z.string().min(1),
    noInput: z.string().min(1),
    offerRepresentative: z.string().min(1),
    escalationApology: z.string().min(1),
    handoff: z.string().min(1),
    goodbye: z.string().min(1),
    // Added for consent, queue and degradation (issues 4, 5). Defaulted so existing flows stay
    // valid; a flow in another language overrides them. {position} and {minutes} are filled in.
    consentReask: z.string().min(1).default('Sorry, I did not catch that. May we record this call? Please say yes or no, or press 1 for yes and 2 for no.'),
    notRecording: z.string().min(1).default('Understood. This call will not be recorded.'),
    recordingStopped: z.string().min(1).default('Okay. I have stopped recording this call.'),
    // Issue 13: the caller hears when card entry pauses the recording and when it resumes.
    pciPaused: z.string().min(1).default('For your security, the recording is paused while you give your card details.'),
    pciResumed: z.string().min(1).default('Thank you. The recording has resumed.'),
    queueJoined: z.string().min(1).default('You are number {position} in the queue. The estimated wait is about {minutes} minutes.'),
    queueUpdate: z.string().min(1).default('Thank you for holding. You are now number {position} in the queue; the estimated wait is about {minutes} minutes.'),
    queueUpdateSoon: z.string().min(1).default('You are number {position}. Someone will be with you very soon.'),
    callbackOffer: z.string().min(1).default('The wait is longer than usual. Press 1 and we will call you back, or stay on the line to keep your place.'),
    callbackConfirmed: z.string().min(1).default('Thank you. We will call you back within 24 hours. Goodbye.'),
    transferring: z.string().min(1).default('I am connecting you to an agent now. I have briefed them, so you will not need to repeat yourself.'),
    voicemail: z.string().min(1).default('I am sorry, no one is available right now. Please leave a message after the tone, and we will call you back within 24 hours.'),
    voicemailSaved: z.string().min(1).default('Thank you, your message is saved. We will call you back within 24 hours. Goodbye.'),
    callbackWithoutVoicemail: z.string().min(1).default('I am sorry, no one is available right now. We will call you back within 24 hours. Goodbye.'),
    capacityChoice: z.string().min(1).default('All our lines are busy right now. Press 1 for a callback, or 2 to hold.'),
    outage: z.string().min(1).default('We are sorry, our phone service is having a problem right now. Please try again later or visit our website. Goodbye.'),
    // Added for the confirmation turn (issue 15). {intent} is the intent's name, dashes as spaces.
    confirm: z.string().min(1).default('It sounds like {intent}. Is that right?'),
  }),
  consent: z
    .strictObject({
      answers: ConsentAnswersSchema.default({
        yes: ['yes', 'yeah', 'yep', 'sure', 'okay', 'ok', 'fine', 'that is fine', 'go ahead', 'i agree', 'agreed'],
        no: ['no', 'nope', "don't", 'do not', 'no thanks', 'i object', 'i do not agree', 'not okay'],
      }),
      answerTimeoutMs: z.number().int().positive().default(10_000),
      objectionWindowMs: z.number().int().positive().default(5_000),
      /** Phrases that withdraw consent mid-call (issue 4). */
      withdraw: z.array(z.string().min(1)).min(1).default(['stop recording', 'stop the recording', "don't record", 'do not record', 'stop taping']),
    })
    .prefault({}),
  noInputMs: z.number().int().positive().default(8_000),
  /** Hold experience (shared/DESIGN.md "Queue, hold, transfer"); the estimate itself comes from @switchboard/queue. */
  queue: z
    .strictObject({
      updateEveryMs: z.number().int().positive().default(60_000),
      /** Spoken updates use the shorter wording at or below this position. */
      soonAtPosition: z.number().int().positive().default(3),
      /** Offer a callback once the estimated wait exceeds this. */
      callbackOfferAboveSeconds: z.number().nonnegative().default(300),
      /** How long the caller may speak a voicemail. */
      voicemailMaxMs: z.number().int().positive().default(120_000),
      /** How long "press 1 for a callback, 2 to hold" waits before holding. */
      choiceTimeoutMs: z.number().int().positive().default(10_000),
      /** Spoken equivalents of 1 (callback) and 2 (hold) for callers without a keypad (web). */
      callbackWords: z.array(z.string().min(1)).min(1).default(['call me back', 'callback', 'call back', 'ring me back']),
      holdWords: z.array(z.string().min(1)).min(1).default(['hold', "i'll wait", 'i will wait', 'keep my place']),
    })
    .prefault({}),
  clarifyBelowConfidence: z.number().min(0).max(1).default(0.6),
  /** The agent directory: who serves each queue and where a transfer reaches them. Absent: console agents. */
  agents: z.array(AgentDefSchema).optional(),
  /** The business's verified caller ID for agent legs and callbacks (never the caller's own number). */
  callerId: E164.optional(),
  /**
   * Below this confidence (and at or above clarifyBelowConfidence) a spoken route is read back
   * for a yes or no before the caller is queued ("It sounds like billing. Is that right?").
   * 0 (the default) turns the confirmation turn off. Figures: docs/understanding.md.
   */
  confirmBelowConfidence: z.number().min(0).max(1).default(0),
});
export type Flow = z.infer<typeof FlowSchema>;
export type FlowInput = z.input<typeof FlowSchema>;
