import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultFlow, espeakWav, readWav16k } from '../../../test/support/speech.js';
import { createConfiguredStt } from './configured-stt.js';

/** A real OpenAI-compatible endpoint on loopback that answers with the status the test sets. */
describe('SWITCHBOARD_STT=openai: the configured endpoint, then the embedded pocketsphinx (real process)', () => {
  let status = 503;
  let requests = 0;
  let base = '';
  const server = createServer((req, res) => {
    requests += 1;
    req.resume();
    req.on('end', () =>
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(status === 200 ? { text: 'cloud words' } : { error: 'x' })),
    );
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const env = () => ({
    SWITCHBOARD_STT: 'openai' as const,
    SWITCHBOARD_STT_URL: base,
    SWITCHBOARD_STT_MODEL: 'whisper-1',
    SWITCHBOARD_STT_API_KEY: 'k',
  });

  it('uses the endpoint while it answers; on a 503 the caller is still understood, by pocketsphinx', async () => {
    const warned: object[] = [];
    const logger = { info() {}, error() {}, warn: (o: object) => void warned.push(o) };
    const stt = await createConfiguredStt(env(), defaultFlow(), { logger });
    expect(stt?.name).toBe('fallback(openai,pocketsphinx-lm)');
    const speech = readWav16k(espeakWav('I need a refund'));
    status = 200;
    expect(await stt?.transcribe(speech)).toEqual({ text: 'cloud words', engine: 'openai' });
    status = 503;
    const before = requests;
    const heard = await stt?.transcribe(speech);
    expect(requests).toBe(before + 1);
    expect(heard?.engine).toBe('pocketsphinx-lm');
    expect(heard?.text).toMatch(/refund/);
    expect(warned).toEqual([expect.objectContaining({ stt: 'openai', code: 'stt-failed' })]);
  });

  it('a 401 (bad key) is reported as it is, not answered by pocketsphinx', async () => {
    status = 401;
    const stt = await createConfiguredStt(env(), defaultFlow());
    await expect(stt?.transcribe(new Int16Array(16000))).rejects.toMatchObject({
      retryable: false,
      message: 'transcription endpoint answered 401',
    });
  });

  it('pocketsphinx alone, or nothing, when so configured', async () => {
    expect((await createConfiguredStt({ ...env(), SWITCHBOARD_STT: 'pocketsphinx' }, defaultFlow()))?.name).toBe('pocketsphinx-lm');
    expect(await createConfiguredStt({ ...env(), SWITCHBOARD_STT: 'none' }, defaultFlow())).toBeUndefined();
  });
});
