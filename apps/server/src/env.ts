import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseAllowedOrigins } from './http/cors.js';

/**
 * Every setting of the server, parsed once at boot (create-t3-turbo's env.ts pattern). A bad
 * or missing value stops start-up with every problem named; nothing else reads process.env.
 * docs/configuration.md documents each variable.
 */
const optional = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();
const url = (protocols: RegExp, hint: string) =>
  optional.refine((s) => s === undefined || (URL.canParse(s) && protocols.test(new URL(s).protocol)), `must be ${hint}`);
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((s) => s === '1' || s === 'true' || s === 'yes');
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const EnvSchema = z
  .object({
    PORT: int(0, 65_535, 8080),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    SWITCHBOARD_PUBLIC_URL: url(/^https?:$/, 'an http(s) URL such as https://voice.example.com'),
    /** SQLite file path, or a postgres:// URL. */
    SWITCHBOARD_DB: z
      .string()
      .trim()
      .min(1)
      .default('.data/switchboard.db')
      .refine((s) => !/^[a-z]+:\/\//i.test(s) || /^postgres(ql)?:\/\//i.test(s), 'must be a SQLite file path or a postgres:// URL'),
    SWITCHBOARD_DATA_DIR: z.string().trim().min(1).default('.data'),
    SWITCHBOARD_FLOW: optional,
    /** Comma-separated origins that may embed the widget (docs/embedding.md); none by default. */
    SWITCHBOARD_ALLOWED_ORIGINS: z
      .string()
      .optional()
      .transform((s, ctx) => {
        const { origins, problems } = parseAllowedOrigins(s);
        for (const p of problems) ctx.addIssue({ code: 'custom', message: p });
        return origins;
      }),
    SWITCHBOARD_WEB_DIST: optional,
    SWITCHBOARD_LLM_URL: url(/^https?:$/, 'an http(s) URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1'),
    SWITCHBOARD_LLM_MODEL: optional,
    SWITCHBOARD_LLM_API_KEY: optional,
    SWITCHBOARD_STT: z.enum(['pocketsphinx', 'openai', 'none']).default('pocketsphinx'),
    SWITCHBOARD_STT_URL: url(/^https?:$/, 'an http(s) URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1'),
    SWITCHBOARD_STT_MODEL: z.string().trim().min(1).default('whisper-1'),
    SWITCHBOARD_STT_API_KEY: optional,
    SWITCHBOARD_TTS: z.enum(['espeak', 'none']).default('espeak'),
    SWITCHBOARD_TTS_VOICE: z.string().trim().regex(/^[a-z0-9+_-]+$/i, 'an espeak-ng voice name such as en-us').default('en-us'),
    /** Most frames of different calls run through Silero in one batch (shared/FACTS.md). */
    /** fsync per call-log write (`full`) or only WAL order (`normal`: survives kill -9, not power loss). */
    SWITCHBOARD_CALL_LOG_SYNC: z.enum(['normal', 'full']).default('normal'),
    SWITCHBOARD_VAD_MAX_BATCH: int(1, 1024, 256),
    /** Worker threads running Silero (0 = on the event loop); default one per core, at most 4. */
    SWITCHBOARD_VAD_THREADS: int(0, 16, Math.min(4, availableParallelism())),
    LIVEKIT_URL: url(/^(wss?|https?):$/, 'a ws(s):// or http(s):// LiveKit server URL'),
    LIVEKIT_API_KEY: optional,
    LIVEKIT_API_SECRET: optional,
    /** Path to a YAML/JSON carrier provider list; turns on the phone line (needs SWITCHBOARD_PUBLIC_URL). */
    SWITCHBOARD_CARRIERS: optional,
    TWILIO_ACCOUNT_SID: optional,
    TWILIO_AUTH_TOKEN: optional,
    TELNYX_API_KEY: optional,
    TELNYX_PUBLIC_KEY: optional,
    SIGNALWIRE_PROJECT_ID: optional,
    SIGNALWIRE_TOKEN: optional,
    SIGNALWIRE_SPACE_URL: optional,
    SWITCHBOARD_ADMIN_USER: z.string().trim().min(1).default('admin'),
    /** `scrypt$N$r$p$saltB64$hashB64`; print one with `switchboard hash-password`. Without it, staff login is off. */
    SWITCHBOARD_ADMIN_PASSWORD_HASH: optional.refine((s) => s === undefined || /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(s), 'must look like scrypt$N$r$p$salt$hash (run `switchboard hash-password`)'),
    SWITCHBOARD_STAFF_SESSION_HOURS: int(1, 24 * 30, 12),
    SWITCHBOARD_RESUME_TOKEN_MINUTES: int(1, 24 * 60, 120),
    /** Seconds a web call waits for its visitor's socket to come back before ending as abandoned (0: never). */
    SWITCHBOARD_RECONNECT_GRACE_SECONDS: int(0, 24 * 3600, 120),
    // Hostile traffic (issue 13, docs/configuration.md "Abuse limits").
    /** Proxies in front of us that append X-Forwarded-For (0: the socket address is the client). */
    SWITCHBOARD_TRUSTED_PROXY_HOPS: int(0, 10, 0),
    SWITCHBOARD_SESSIONS_PER_IP_PER_MINUTE: int(1, 100_000, 10),
    SWITCHBOARD_SESSIONS_PER_MINUTE: int(1, 1_000_000, 600),
    /** Staff login attempts from one address in 15 minutes (a success clears them) before a 15-minute block. */
    SWITCHBOARD_LOGIN_FAILURES_PER_IP: int(1, 1000, 5),
    /** Staff login attempts (each a ~128 MB scrypt) the whole server takes per minute. */
    SWITCHBOARD_LOGINS_PER_MINUTE: int(1, 100_000, 30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Development only: show pii.* in logs instead of redacting it. */
    SWITCHBOARD_LOG_PII: flag,
  })
  .superRefine((env, ctx) => {
    const together = (names: (keyof typeof env)[], why: string) => {
      const set = names.filter((n) => env[n] !== undefined);
      if (set.length > 0 && set.length < names.length)
        for (const n of names.filter((m) => env[m] === undefined)) ctx.addIssue({ code: 'custom', path: [n], message: `required when ${set.join(', ')} is set (${why})` });
    };
    together(['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'], 'LiveKit needs all three');
    together(['SWITCHBOARD_LLM_URL', 'SWITCHBOARD_LLM_MODEL'], 'the LLM classifier needs an endpoint and a model');
    together(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'], 'Twilio needs both');
    together(['SIGNALWIRE_PROJECT_ID', 'SIGNALWIRE_TOKEN', 'SIGNALWIRE_SPACE_URL'], 'SignalWire needs all three');
    if (env.SWITCHBOARD_CARRIERS && !env.SWITCHBOARD_PUBLIC_URL)
      ctx.addIssue({ code: 'custom', path: ['SWITCHBOARD_PUBLIC_URL'], message: 'required when SWITCHBOARD_CARRIERS is set (carriers sign, and are given, the public URL of /webhooks)' });
    if (env.SWITCHBOARD_STT === 'openai' && !env.SWITCHBOARD_STT_URL) ctx.addIssue({ code: 'custom', path: ['SWITCHBOARD_STT_URL'], message: 'required when SWITCHBOARD_STT=openai' });
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee docs/configuration.md.`);
  }
}

/** Parses the environment; throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
}
