import { issuesOf, type Parsed } from '@switchboard/protocol';
import { z } from 'zod';

export const ProviderKindSchema = z.enum(['twilio', 'telnyx', 'signalwire']);
export type ProviderKind = z.infer<typeof ProviderKindSchema>;

const common = {
  name: z.string().min(1),
  /** Lower is preferred (the lesson: twilio 1, telnyx 2, signalwire 3). */
  priority: z.number().int().min(1),
  costPerMinuteUsd: z.strictObject({ inbound: z.number().nonnegative(), outbound: z.number().nonnegative() }),
  maxConcurrent: z.number().int().positive(),
  /** REST root, e.g. https://api.twilio.com — a loopback simulator stands in during tests. */
  baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')),
  /** Probed by the health check: 200 healthy, 429/503 degraded, anything else unhealthy. */
  healthPath: z.string().startsWith('/').default('/health'),
  /** A placement with no answer by then is "unknown" and is looked up before failing over. */
  requestTimeoutMs: z.number().int().positive().default(4000),
};

/**
 * How a phone caller's audio reaches the IVR on markup carriers (Twilio, SignalWire cXML):
 * `carrier-speech` — the carrier's own recogniser (<Gather input="speech">);
 * `media-stream` — <Connect><Stream>: μ-law 8 kHz over a WebSocket into our own VAD and STT.
 */
export const PhoneAudioSchema = z.enum(['carrier-speech', 'media-stream']);
export type PhoneAudio = z.infer<typeof PhoneAudioSchema>;

const TwilioConfigSchema = z.strictObject({
  ...common,
  kind: z.literal('twilio'),
  audio: PhoneAudioSchema.optional(),
  credentials: z.strictObject({ accountSid: z.string().min(1), authToken: z.string().min(1) }),
});

const TelnyxConfigSchema = z.strictObject({
  ...common,
  kind: z.literal('telnyx'),
  credentials: z.strictObject({
    apiKey: z.string().min(1),
    connectionId: z.string().min(1),
    /** Mission Control public key (base64 of 32 bytes) for Ed25519 webhook signatures. */
    publicKey: z.base64().refine((s) => atob(s).length === 32, 'base64 of a 32-byte Ed25519 public key'),
  }),
});

const SignalWireConfigSchema = z.strictObject({
  ...common,
  kind: z.literal('signalwire'),
  audio: PhoneAudioSchema.optional(),
  credentials: z.strictObject({ projectId: z.string().min(1), apiToken: z.string().min(1), signingKey: z.string().min(1) }),
});

/** `kind` may be left out when the name is the provider's own ("twilio", "telnyx", "signalwire"). */
export const ProviderConfigSchema = z.preprocess(
  (raw) => {
    if (raw && typeof raw === 'object' && !('kind' in raw) && 'name' in raw) {
      const kind = ProviderKindSchema.safeParse((raw as { name: unknown }).name);
      if (kind.success) return { ...raw, kind: kind.data };
    }
    return raw;
  },
  z.discriminatedUnion('kind', [TwilioConfigSchema, TelnyxConfigSchema, SignalWireConfigSchema]),
);
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;
export type ProviderConfigInput = z.input<typeof ProviderConfigSchema>;

export const ProviderConfigListSchema = z
  .array(ProviderConfigSchema)
  .min(1)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate provider name "${p.name}"` });
      seen.add(p.name);
    });
  });

/**
 * Parses provider config at start-up. Errors name the field, e.g.
 * `providers[1].costPerMinuteUsd.outbound: Invalid input: expected number, received string`.
 */
export function parseProviderConfigs(raw: unknown): Parsed<ProviderConfig[]> {
  const result = ProviderConfigListSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: issuesOf(result.error).map((i) => ({
      ...i,
      path: i.path === '(root)' ? 'providers' : `providers${i.path.startsWith('[') ? '' : '.'}${i.path}`,
    })),
  };
}

/** The provider's phone audio mode; absent means `carrier-speech` (Telnyx has no markup answer). */
export function phoneAudioOf(config: ProviderConfig): PhoneAudio {
  return config.kind === 'telnyx' ? 'carrier-speech' : (config.audio ?? 'carrier-speech');
}

/** Throws one Error naming every bad field; for app start-up. */
export function loadProviderConfigs(raw: unknown): ProviderConfig[] {
  const parsed = parseProviderConfigs(raw);
  if (parsed.ok) return parsed.value;
  throw new Error(`invalid carrier config: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
}
