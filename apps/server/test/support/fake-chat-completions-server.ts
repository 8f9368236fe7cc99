import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with the next request. */
export type FakeBehaviour =
  | { kind: 'answer'; content: string }
  | { kind: 'status'; status: number }
  | { kind: 'slow'; delayMs: number; content: string }
  | { kind: 'not-json' };

export interface FakeChatServer {
  /** Base URL, http://127.0.0.1:PORT/v1 */
  url: string;
  requests: { headers: IncomingMessage['headers']; body: unknown }[];
  behave(b: FakeBehaviour): void;
  close(): Promise<void>;
}

function completion(content: string): string {
  return JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model: 'fake',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  });
}

/** A loopback server speaking the OpenAI chat-completions shape (POST /v1/chat/completions). */
export async function startFakeChatServer(): Promise<FakeChatServer> {
  let behaviour: FakeBehaviour = { kind: 'status', status: 503 };
  const requests: FakeChatServer['requests'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      requests.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const b = behaviour;
      if (b.kind === 'answer') res.writeHead(200, { 'content-type': 'application/json' }).end(completion(b.content));
      else if (b.kind === 'status')
        res.writeHead(b.status, { 'content-type': 'application/json' }).end('{"error":{"message":"fake failure"}}');
      else if (b.kind === 'not-json') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>gateway</html>');
      else {
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(completion(b.content));
        }, b.delayMs);
        timers.add(t);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    behave: (b) => {
      behaviour = b;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
