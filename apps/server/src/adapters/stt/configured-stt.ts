import type { Flow } from '@switchboard/protocol';
import type { RuntimeLogger } from '../../call/ports.js';
import type { Env } from '../../env.js';
import { createFallbackStt } from './fallback-stt.js';
import { createOpenAiStt } from './openai-stt.js';
import { createPocketsphinxStt, type PocketsphinxOptions } from './pocketsphinx-stt.js';
import type { SpeechToText } from './stt.js';

type SttEnv = Pick<Env, 'SWITCHBOARD_STT' | 'SWITCHBOARD_STT_URL' | 'SWITCHBOARD_STT_MODEL' | 'SWITCHBOARD_STT_API_KEY'>;

/**
 * The recogniser `SWITCHBOARD_STT` asks for. `openai`: the configured OpenAI-compatible endpoint,
 * falling back to the embedded pocketsphinx when the endpoint times out or fails on its side
 * (never on a 401 or a bad answer: those are configuration faults and are reported as they are).
 * `pocketsphinx`: the embedded one alone. `none`: no speech, keypad and text only.
 */
export async function createConfiguredStt(
  env: SttEnv,
  flow: Flow,
  opts: { logger?: RuntimeLogger; pocketsphinx?: Omit<PocketsphinxOptions, 'flow'>; fetch?: typeof fetch } = {},
): Promise<SpeechToText | undefined> {
  if (env.SWITCHBOARD_STT === 'none') return undefined;
  const embedded = () => createPocketsphinxStt({ ...opts.pocketsphinx, flow });
  if (env.SWITCHBOARD_STT === 'pocketsphinx') return embedded();
  if (!env.SWITCHBOARD_STT_URL) throw new Error('SWITCHBOARD_STT_URL: required when SWITCHBOARD_STT=openai');
  const cloud = createOpenAiStt({
    baseUrl: env.SWITCHBOARD_STT_URL,
    model: env.SWITCHBOARD_STT_MODEL,
    language: flow.language,
    ...(env.SWITCHBOARD_STT_API_KEY ? { apiKey: env.SWITCHBOARD_STT_API_KEY } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  return createFallbackStt([cloud, await embedded()], {
    onFallback: ({ stt, error }) =>
      opts.logger?.warn({ stt, code: error.code, err: error.message }, 'speech recognition fell back to the next recogniser'),
  });
}
