import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CarrierFault, FaultOptions } from './carrier-fault.js';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface SimReply {
  status: number;
  body: string;
  contentType?: string;
}

export type SimOperation = 'create' | 'lookup' | 'status' | 'hangup' | 'health' | 'unknown';

/** A provider's routes: which operation a request is, and how to answer it when all is well. */
export type SimRoutes = (request: SimRequest) => { op: SimOperation; handle: () => SimReply };

export const json = (status: number, value: unknown): SimReply => ({
  status,
  body: JSON.stringify(value),
  contentType: 'application/json',
});

/**
 * One loopback HTTP server on 127.0.0.1 with a chaos switch. "down" closes the listening
 * socket for real (connections are refused) and reopens the same port on recovery, so clients
 * see exactly what an unreachable carrier looks like.
 */
export class SimulatorServer {
  private server: Server | null = null;
  private port = 0;
  private fault: CarrierFault = 'ok';
  private options: Required<FaultOptions> = { latencyMs: 200, flapMs: 500, retryAfterSeconds: 1 };
  private flapTimer: NodeJS.Timeout | null = null;
  private readonly hung = new Set<ServerResponse>();
  private transition: Promise<void> = Promise.resolve();
  /** Requests served per operation, for tests and the benchmark. */
  readonly served: Record<SimOperation, number> = { create: 0, lookup: 0, status: 0, hangup: 0, health: 0, unknown: 0 };

  constructor(private readonly routes: SimRoutes) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get currentFault(): CarrierFault {
    return this.fault;
  }

  async start(): Promise<void> {
    await this.listen();
  }

  /** Switches chaos mode; resolves once the port is closed or open as the mode requires. */
  setFault(fault: CarrierFault, options: FaultOptions = {}): Promise<void> {
    this.options = { ...this.options, ...options };
    this.fault = fault;
    if (this.flapTimer) clearInterval(this.flapTimer);
    this.flapTimer = null;
    let up = fault !== 'down' && fault !== 'flapping';
    if (fault === 'flapping') {
      this.flapTimer = setInterval(() => {
        up = !up;
        this.chain(() => (up ? this.listen() : this.shut()));
      }, this.options.flapMs);
      this.flapTimer.unref();
    }
    return this.chain(() => (up ? this.listen() : this.shut()));
  }

  async close(): Promise<void> {
    if (this.flapTimer) clearInterval(this.flapTimer);
    this.flapTimer = null;
    await this.chain(() => this.shut());
  }

  private chain(step: () => Promise<void>): Promise<void> {
    this.transition = this.transition.then(step, step);
    return this.transition;
  }

  private listen(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private shut(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.server = null;
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    return new Promise((resolve) => {
      // A crash, not a drain: every socket goes, in-flight requests included. Then give
      // in-process clients a moment to see the FIN on their pooled sockets.
      server.close(() => setTimeout(resolve, 20));
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const { op, handle } = this.routes(request);
    this.served[op] += 1;
    const hang = () => {
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
    };
    switch (this.fault) {
      case 'blackhole':
        return hang();
      case 'timeout':
        if (op === 'create') handle(); // the callee is dialled; the reply never comes
        if (op === 'create' || op === 'health') return hang();
        return send(res, handle());
      case '503':
        return send(res, json(503, { code: 20503, message: 'Service Unavailable' }));
      case '429':
        res.setHeader('retry-after', String(this.options.retryAfterSeconds));
        return send(res, json(429, { code: 20429, message: 'Too Many Requests' }));
      case 'garbage':
        if (op === 'create')
          return send(res, { status: 200, body: '<html><body>502 Bad Gateway</body></html>{"sid":', contentType: 'application/json' });
        return send(res, handle());
      case 'latency':
        await new Promise((r) => setTimeout(r, this.options.latencyMs));
        return send(res, handle());
      default:
        return send(res, handle());
    }
  }
}

function send(res: ServerResponse, reply: SimReply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
  res.end(reply.body);
}
