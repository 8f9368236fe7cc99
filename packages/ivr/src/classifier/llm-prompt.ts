import { type Classification, type Entities, type Flow, SentimentSchema } from '@switchboard/protocol';
import { z } from 'zod';
import { ClassifierError } from './classifier.js';
import { containsCardNumber, maskCardNumbers } from './entities/mask-card-numbers.js';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** The body an OpenAI-compatible `POST /chat/completions` takes, minus `model`. */
export interface LlmClassifyRequest {
  messages: ChatMessage[];
  response_format: { type: 'json_schema'; json_schema: { name: string; strict: true; schema: Record<string, unknown> } };
  temperature: number;
}

const nullable = (type: string | Record<string, unknown>) =>
  typeof type === 'string' ? { type: [type, 'null'] } : { anyOf: [type, { type: 'null' }] };

/**
 * JSON schema for the answer (OpenAI structured outputs, strict mode: every property
 * required, absent entities as null, no extra properties). Intent names come from the flow.
 */
export function answerJsonSchema(flow: Flow): Record<string, unknown> {
  const entity = {
    accountId: nullable('string'),
    invoiceNumber: nullable('string'),
    product: nullable('string'),
    errorMessage: nullable('string'),
    timeframe: nullable('string'),
    dates: nullable({ type: 'array', items: { type: 'string', description: 'ISO date yyyy-mm-dd' } }),
    amounts: nullable({
      type: 'array',
      items: {
        type: 'object',
        properties: { value: { type: 'number' }, currency: { type: 'string' } },
        required: ['value', 'currency'],
        additionalProperties: false,
      },
    }),
    priorCalls: nullable('integer'),
  };
  return {
    type: 'object',
    properties: {
      intent: { type: 'string', enum: flow.intents.map((i) => i.name) },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      sentiment: { type: 'string', enum: SentimentSchema.options },
      entities: { type: 'object', properties: entity, required: Object.keys(entity), additionalProperties: false },
    },
    required: ['intent', 'confidence', 'sentiment', 'entities'],
    additionalProperties: false,
  };
}

/**
 * The request asking an LLM to classify one utterance. Card-like digit runs are masked
 * before the text leaves us (PCI: card data never reaches a model). `now` resolves
 * relative dates ("yesterday") the same way the embedded classifier does.
 */
export function buildClassifyRequest(flow: Flow, text: string, now: Date): LlmClassifyRequest {
  const intents = flow.intents.map((i) => `- ${i.name}: ${i.description} (e.g. "${i.examples.slice(0, 3).join('", "')}")`).join('\n');
  const system = [
    "You route phone callers of a business. Classify the caller's statement.",
    `Intents:\n${intents}`,
    `Use "${flow.escalationIntent}" when the caller asks for a person or is angry at the service (repeat calls, being ignored, threats, asking for a manager).`,
    `Use "${flow.fallbackIntent}" when the statement is too vague to route.`,
    'sentiment: positive, neutral, negative, or frustrated. "frustrated" means anger at the service itself; a negative description of a problem ("ridiculously slow") is at most negative.',
    'confidence: your probability (0..1) that the intent is right; below 0.6 when you are guessing.',
    `entities: null when absent. timeframe is the caller's own words ("last week"); dates are ISO yyyy-mm-dd, resolved against today, ${now.toISOString().slice(0, 10)}; amounts are {value, currency (ISO 4217)}; priorCalls is how many times they called before. Never return card numbers.`,
    'Answer with the JSON object only.',
  ].join('\n\n');
  return {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: maskCardNumbers(text).slice(0, 2000) },
    ],
    response_format: { type: 'json_schema', json_schema: { name: 'classification', strict: true, schema: answerJsonSchema(flow) } },
    temperature: 0,
  };
}

const optionalString = z
  .string()
  .trim()
  .nullish()
  .transform((s) => (s ? s : undefined));

function answerSchema(flow: Flow) {
  const names = flow.intents.map((i) => i.name) as [string, ...string[]];
  return z.object({
    intent: z.enum(names),
    confidence: z.number().min(0).max(1),
    sentiment: SentimentSchema,
    entities: z
      .object({
        accountId: optionalString,
        invoiceNumber: optionalString,
        product: optionalString,
        errorMessage: optionalString,
        timeframe: optionalString,
        dates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'an ISO date')).nullish(),
        amounts: z.array(z.object({ value: z.number(), currency: z.string().min(1) })).nullish(),
        priorCalls: z.number().int().nonnegative().nullish(),
      })
      .nullish(),
  });
}

/**
 * Validates the model's answer (the `content` of the first choice) against the flow. An
 * unusable answer throws `invalid-output` so the fallback wrapper moves on; it is never
 * patched into a made-up result.
 */
export function parseClassifyAnswer(flow: Flow, content: string): Classification {
  let json: unknown;
  try {
    json = JSON.parse(content.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, ''));
  } catch (error) {
    throw new ClassifierError('the model did not answer with JSON', { code: 'invalid-output', retryable: true, cause: error });
  }
  const parsed = answerSchema(flow).safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ClassifierError(`the model's answer does not fit the schema: ${where}`, {
      code: 'invalid-output',
      retryable: true,
      cause: parsed.error,
    });
  }
  const answer = parsed.data;
  const entities: Entities = {};
  for (const [key, value] of Object.entries(answer.entities ?? {})) {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    // PCI: whatever the model says, a card-like number is never returned as an entity.
    if (containsCardNumber(JSON.stringify(value))) continue;
    (entities as Record<string, unknown>)[key] = value;
  }
  // Frustration routes to the escalation intent whichever classifier noticed it.
  const intent = answer.sentiment === 'frustrated' ? flow.escalationIntent : answer.intent;
  return { intent, confidence: answer.confidence, sentiment: answer.sentiment, entities };
}
