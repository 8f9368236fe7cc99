import type { ServerMessage } from '@switchboard/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toSocketUrl, WebSocketTransport } from './websocket-transport';

/** A stand-in for the browser WebSocket, driven by the test (fake beside the transport it tests). */
class FakeSocket {
  static readonly OPEN = 1;
  readyState = 0;
  binaryType = 'blob';
  sent: (string | ArrayBuffer | Int16Array)[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {}
  send(d: string | ArrayBuffer | Int16Array) {
    this.sent.push(typeof d === 'string' ? d : d instanceof Int16Array ? d.slice() : d);
  }
  close() {}
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  receive(m: unknown) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  texts() {
    return this.sent.filter((s): s is string => typeof s === 'string').map((s) => JSON.parse(s) as { type: string; lastSeq?: number });
  }
}

describe('WebSocketTransport', () => {
  let sockets: FakeSocket[];
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('location', { href: 'https://shop.example/help' });
    sockets = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const make = () => {
    const t = new WebSocketTransport({
      url: '/ws/calls/c1',
      resumeToken: 'tok',
      vad: 'browser',
      createSocket: (u) => {
        const s = new FakeSocket(u);
        sockets.push(s);
        return s as unknown as WebSocket;
      },
    });
    const got: ServerMessage[] = [];
    t.onMessage = (m) => got.push(m);
    return { t, got };
  };
  const event = (seq: number) => ({ type: 'event', seq, event: { type: 'prompt', atMs: seq, id: `p${seq}`, text: `t${seq}` } });

  it('resolves a relative socket path against the page, keeping TLS', () => {
    expect(toSocketUrl('/ws/calls/c1', 'https://shop.example/help')).toBe('wss://shop.example/ws/calls/c1');
    expect(toSocketUrl('ws://10.0.0.1:8080/ws/calls/x', 'https://a.b/')).toBe('ws://10.0.0.1:8080/ws/calls/x');
  });

  it('says hello first, and after a drop resumes with the last seq it applied', async () => {
    const { t, got } = make();
    const connected = t.connect();
    sockets[0]!.open();
    await connected;
    expect(sockets[0]!.texts()[0]).toMatchObject({ type: 'hello', resumeToken: 'tok', lastSeq: 0, vad: 'browser' });
    sockets[0]!.receive(event(1));
    sockets[0]!.receive(event(2));
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(sockets[1]!.texts()[0]).toMatchObject({ type: 'hello', lastSeq: 2 });
    // the server replays from its log; what we already applied is ignored
    sockets[1]!.receive(event(2));
    sockets[1]!.receive(event(3));
    expect(got.map((m) => (m.type === 'event' ? m.seq : -1))).toEqual([1, 2, 3]);
  });

  it('keeps the turn spoken while disconnected and sends it, in order, right after hello', async () => {
    const { t } = make();
    const connected = t.connect();
    sockets[0]!.open();
    await connected;
    sockets[0]!.drop();
    t.send({ type: 'speech.start', id: 's1' });
    t.sendAudio(new Int16Array(512).fill(7));
    t.sendAudio(new Int16Array(512).fill(8));
    t.send({ type: 'speech.end', id: 's2' });
    await vi.advanceTimersByTimeAsync(10_000);
    sockets[1]!.open();
    const kinds = sockets[1]!.sent.map((s) =>
      typeof s === 'string' ? (JSON.parse(s) as { type: string }).type : new Int16Array(s as ArrayBuffer)[0],
    );
    expect(kinds).toEqual(['hello', 'speech.start', 7, 8, 'speech.end']);
  });

  it('does not reconnect after the server says the session is unknown', async () => {
    const { t } = make();
    const statuses: string[] = [];
    t.onStatus = (s) => statuses.push(s);
    const connected = t.connect();
    sockets[0]!.open();
    await connected;
    sockets[0]!.drop(4004);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe('closed');
  });

  it('ignores messages that do not match the protocol instead of failing the call', async () => {
    const { t, got } = make();
    const connected = t.connect();
    sockets[0]!.open();
    await connected;
    sockets[0]!.receive({ type: 'event', seq: 'x' });
    sockets[0]!.onmessage?.({ data: 'not json' });
    sockets[0]!.receive({ type: 'ready', callId: 'c1', vad: 'server' });
    expect(got).toEqual([{ type: 'ready', callId: 'c1', vad: 'server' }]);
  });
});
