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
  }),
  consent: z
    .strictObject({
      answers: ConsentAnswersSchema.default({
        yes: ['yes', 'yeah', 'yep', 'sure', 'okay', 'ok', 'fine', 'that is fine', 'go ahead', 'i agree', 'agreed'],
        no: ['no', 'nope', "don't", 'do not', 'no thanks', 'i object', 'i do not agree', 'not okay'],
      }),
      answerTimeoutMs: z.number().int().positive().default(10_000),
      objectionWindowMs: z.number().int().positive().default(5_000),
    })
    .prefault({}),
  noInputMs: z.number().int().positive().default(8_000),
  clarifyBelowConfidence: z.number().min(0).max(1).default(0.6),
});
export type Flow = z.infer<typeof FlowSchema>;
export type FlowInput = z.input<typeof FlowSchema>;
