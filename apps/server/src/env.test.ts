import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.js';

describe('parseEnv', () => {
  it('boots with nothing set: port 8080, SQLite file, pocketsphinx, espeak', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', SWITCHBOARD_DB: '.data/switchboard.db', SWITCHBOARD_STT: 'pocketsphinx', SWITCHBOARD_TTS: 'espeak' });
    expect(env.LIVEKIT_URL).toBeUndefined();
  });

  it('accepts a postgres URL and treats empty strings as unset', () => {
    const env = parseEnv({ SWITCHBOARD_DB: 'postgres://u:p@127.0.0.1/sb', LIVEKIT_URL: '' });
    expect(env.SWITCHBOARD_DB).toBe('postgres://u:p@127.0.0.1/sb');
    expect(env.LIVEKIT_URL).toBeUndefined();
  });

  it('requires SWITCHBOARD_PUBLIC_URL when SWITCHBOARD_CARRIERS is set', () => {
    expect(() => parseEnv({ SWITCHBOARD_CARRIERS: 'carriers.yaml' })).toThrow(/SWITCHBOARD_PUBLIC_URL: required when SWITCHBOARD_CARRIERS is set/);
    expect(parseEnv({ SWITCHBOARD_CARRIERS: 'carriers.yaml', SWITCHBOARD_PUBLIC_URL: 'https://voice.example.com' }).SWITCHBOARD_CARRIERS).toBe('carriers.yaml');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      parseEnv({ PORT: 'eighty', SWITCHBOARD_DB: 'mysql://x', SWITCHBOARD_STT: 'whisper', LIVEKIT_URL: 'wss://lk.example.com', SWITCHBOARD_ADMIN_PASSWORD_HASH: 'hunter2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const names = (error as EnvError).problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(expect.arrayContaining(['PORT', 'SWITCHBOARD_DB', 'SWITCHBOARD_STT', 'SWITCHBOARD_ADMIN_PASSWORD_HASH']));
    // Zod skips cross-field checks when a field already failed; a second pass names them.
    expect(() => parseEnv({ LIVEKIT_URL: 'wss://lk.example.com' })).toThrow(/LIVEKIT_API_KEY: required when LIVEKIT_URL is set[\s\S]*LIVEKIT_API_SECRET/);
  });

  it('requires an endpoint for the OpenAI-compatible STT', () => {
    expect(() => parseEnv({ SWITCHBOARD_STT: 'openai' })).toThrow(/SWITCHBOARD_STT_URL: required when SWITCHBOARD_STT=openai/);
  });
});
