import type { TokenStore } from '../auth/token-store.js';
import type { CallServices } from './call-services.js';
import { LiveCall } from './live-call.js';

export interface CallHubOptions {
  resumeTokenTtlMs: number;
}

/**
 * The live web calls of this process. A call is opened (or resumed from its durable log) the
 * first time a socket says hello for it, once, however many sockets race to do so. Staff routes
 * find it in the process's one call directory (services.calls), where its session lists itself.
 */
export class CallHub {
  readonly services: CallServices;
  readonly tokens: TokenStore;
  readonly #options: CallHubOptions;
  readonly #calls = new Map<string, Promise<LiveCall>>();

  constructor(services: CallServices, tokens: TokenStore, options: CallHubOptions) {
    this.services = services;
    this.tokens = tokens;
    this.#options = options;
  }

  /** A new web call: its id and the bearer that opens (and later resumes) it. */
  createSession(): { callId: string; resumeToken: string } {
    const callId = `web-${globalThis.crypto.randomUUID()}`;
    const resumeToken = this.tokens.issue('call', callId, this.#options.resumeTokenTtlMs);
    return { callId, resumeToken };
  }

  /** Whether this call id was ever issued (its token may still have expired). */
  knows(callId: string): boolean {
    return this.tokens.hasSubject('call', callId);
  }

  open(callId: string): Promise<LiveCall> {
    let call = this.#calls.get(callId);
    if (!call) {
      // An ended call leaves memory (its log and outbox stay: a late reconnect rebuilds it to
      // replay what the visitor missed), so a long-running process does not keep every call.
      const opened = LiveCall.open(callId, this.services, () => {
        if (this.#calls.get(callId) === opened) this.#calls.delete(callId);
      });
      call = opened;
      call.catch(() => this.#calls.delete(callId));
      this.#calls.set(callId, call);
    }
    return call;
  }

  get size(): number {
    return this.#calls.size;
  }

  async closeAll(): Promise<void> {
    const calls = await Promise.allSettled(this.#calls.values());
    this.#calls.clear();
    await Promise.all(calls.map((c) => (c.status === 'fulfilled' ? c.value.close() : undefined)));
  }
}
