import { z } from 'zod';

/** Sentiment toward the service, not toward the problem (shared/DESIGN.md: "ridiculously slow" is technical, not frustrated). */
export const SentimentSchema = z.enum(['positive', 'neutral', 'negative', 'frustrated']);
export type Sentiment = z.infer<typeof SentimentSchema>;

export const AmountSchema = z.object({ value: z.number(), currency: z.string() });
export type Amount = z.infer<typeof AmountSchema>;

/** Entities are camelCase and absent when not found (shared/DESIGN.md, "Contract details"). */
export const EntitiesSchema = z.object({
  accountId: z.string().optional(),
  invoiceNumber: z.string().optional(),
  product: z.string().optional(),
  errorMessage: z.string().optional(),
  /** The caller's own words, e.g. "last week". */
  timeframe: z.string().optional(),
  /** ISO 8601 dates. */
  dates: z.array(z.string()).optional(),
  amounts: z.array(AmountSchema).optional(),
  priorCalls: z.number().int().nonnegative().optional(),
});
export type Entities = z.infer<typeof EntitiesSchema>;

/** What `switchboard classify` prints and what every classifier returns. Intent names come from the flow. */
export const ClassificationSchema = z.object({
  intent: z.string().min(1),
  confidence: z.number().min(0).max(1),
  sentiment: SentimentSchema,
  entities: EntitiesSchema,
});
export type Classification = z.infer<typeof ClassificationSchema>;
