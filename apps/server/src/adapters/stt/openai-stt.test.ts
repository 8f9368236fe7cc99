import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiStt } from './openai-stt.js';

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });

describe('OpenAI-compatible STT against a local fake endpoint', () => {
  let base = '';
  let status = 200;
  let reply: unknown = { text: ' I need help with my invoice ' };
  const seen: { path?: string; auth?: string; form?: FormData } = {};
  const server = createServer(async (req, res) => {
    seen.path = req.url;
    seen.auth = req.headers.authorization;
    const raw = await body(req);
    seen.form = await new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts a WAV and the model as multipart, with the key as a bearer', async () => {
    const stt = createOpenAiStt({ baseUrl: `${base}/`, model: 'whisper-1', apiKey: 'k-test' });
    const out = await stt.transcribe(new Int16Array(1600));
    expect(out).toEqual({ text: 'I need help with my invoice', engine: 'openai' });
    expect(seen.path).toBe('/v1/audio/transcriptions');
    expect(seen.auth).toBe('Bearer k-test');
    expect(seen.form?.get('model')).toBe('whisper-1');
    const file = seen.form?.get('file') as File;
    const head = new TextDecoder().decode((await file.arrayBuffer()).slice(0, 4));
    expect(head).toBe('RIFF');
    expect(file.size).toBe(44 + 3200);
  });

  it('maps 503 to a retryable error and a reply without text to a bad response', async () => {
    const stt = createOpenAiStt({ baseUrl: base, model: 'm' });
    status = 503;
    await expect(stt.transcribe(new Int16Array(16))).rejects.toMatchObject({ code: 'stt-failed', retryable: true });
    status = 200;
    reply = { transcript: 'x' };
    await expect(stt.transcribe(new Int16Array(16))).rejects.toMatchObject({ code: 'stt-bad-response', retryable: false });
  });
});
