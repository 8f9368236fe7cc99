import type { ClientMessage } from '@switchboard/protocol';
import type { BrowserVad } from '../audio/browser-vad';
import { type Capture, requestMicrophone, startCapture } from '../audio/capture';
import {
  detectAudioEnvironment,
  insecureOriginNotice,
  noAudioWorkletNotice,
  noMicrophoneNotice,
  permissionDeniedNotice,
  serverVadNotice,
} from '../audio/environment-check';
import { FramePipeline } from '../audio/frame-pipeline';
import { PromptPlayer } from '../audio/prompt-player';
import { type ServerEndpoints, serverEndpoints } from '../config/server-endpoints';
import { pipelineStats } from '../stats/pipeline-stats';
import {
  addNotice,
  announcementBudgetMs,
  announcementOver,
  applyServerMessage,
  type CallState,
  callerLine,
  consentAnswered,
  initialCallState,
  type Notice,
} from './call-state';
import { createSession } from './create-session';
import { type CallTransport, messageId } from './transport';
import { WebSocketTransport } from './websocket-transport';

/** How long vad-web may take to load its 14 MB of WASM before we fall back to server VAD. */
const VAD_LOAD_TIMEOUT_MS = 20_000;

export interface CallControllerOptions {
  /** Base URL of the Switchboard server; the page's own origin when absent. */
  server?: string;
  /** Flow id and language to ask the server for (it refuses a mismatch rather than run another flow). */
  flow?: string;
  language?: string;
}

/**
 * One call from the widget: mic → frames → (browser VAD) → transport, and server messages →
 * CallState. Each failure picks its fallback and adds a notice; the call goes on.
 */
export class CallController {
  state: CallState = initialCallState;
  /** Live mic level 0..1, read by the meter on animation frames (not React state). */
  level = 0;
  private listeners = new Set<() => void>();
  private transport: CallTransport | null = null;
  private capture: Capture | null = null;
  private vad: BrowserVad | null = null;
  private pipeline: FramePipeline | null = null;
  private readonly player = new PromptPlayer();
  private vadLoading: Promise<BrowserVad | null> | null = null;
  private readonly endpoints: ServerEndpoints;

  constructor(private readonly options: CallControllerOptions = {}) {
    this.endpoints = serverEndpoints(options.server, location.href);
  }

  /**
   * Prepares the browser VAD ahead of the click — fetches the model and WASM, creates the ONNX
   * session and runs the warm-up — so "Talk to us" finds it ready. It never opens the microphone
   * or an AudioContext (browsers want a gesture for those, and nobody is recorded before they
   * click). On an insecure origin the mic can never open, so nothing is fetched. Marks
   * `sb-vad:preload` (detail: "visible" or "eager") or `sb-vad:preload-skipped` (detail: why) so
   * tests and the bench can see which path ran.
   * Safe to call more than once; the click reuses the same session.
   */
  preload(reason: 'visible' | 'eager'): Promise<BrowserVad | null> | null {
    const env = detectAudioEnvironment();
    if (!env.secureContext || !env.getUserMedia) {
      performance.mark('sb-vad:preload-skipped', { detail: env.secureContext ? 'no-microphone' : 'insecure-origin' });
      return null;
    }
    if (!this.vadLoading) performance.mark('sb-vad:preload', { detail: reason });
    return this.loadVadOnce();
  }

  private loadVadOnce(): Promise<BrowserVad | null> {
    if (!this.vadLoading) this.vadLoading = detectAudioEnvironment().webAssembly ? this.loadVad() : Promise.resolve(null);
    return this.vadLoading;
  }

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  };
  getState = () => this.state;

  private set(next: CallState) {
    this.state = next;
    for (const fn of this.listeners) fn();
  }
  private notice(n: Notice) {
    this.set(addNotice(this.state, n));
  }

  async start(): Promise<void> {
    if (this.state.phase === 'starting' || this.state.phase === 'live') return;
    this.set({ ...initialCallState, phase: 'starting' });
    const env = detectAudioEnvironment();

    // VAD first: the mic opens only when its frames can be judged (and the fake mic in tests
    // starts playing when it opens).
    const micPossible = env.secureContext && env.getUserMedia;
    const vad = micPossible ? await this.loadVadOnce() : null;
    const stream = await this.openMicrophone(env);
    let vadMode: 'browser' | 'server' = 'server';
    if (stream) {
      this.vad = vad;
      vadMode = vad ? 'browser' : 'server';
      if (!vad) this.notice(serverVadNotice);
    }
    const modes = { capture: 'none', vad: stream ? vadMode : 'none', transport: 'none' } as CallState['modes'];

    try {
      const session = await createSession(this.endpoints.sessions, {
        vad: vadMode,
        ...(this.options.flow ? { flow: this.options.flow } : {}),
        ...(this.options.language ? { language: this.options.language } : {}),
      });
      // livekit-client is loaded only when the server chose a room (it is most of the bundle)
      const t =
        session.transport.kind === 'livekit'
          ? new (await import('./livekit-transport')).LiveKitTransport(
              session.transport.url,
              session.transport.token,
              session.resumeToken,
              vadMode,
              stream?.getAudioTracks()[0] ?? null,
            )
          : new WebSocketTransport({ url: session.transport.url, resumeToken: session.resumeToken, vad: vadMode });
      t.onMessage = (m) => {
        if (m.type === 'tts' && m.state === 'start' && this.replyAwaitedSince !== null) this.replyPromptStarted = true;
        const before = this.state.announcementId;
        this.set(applyServerMessage(this.state, m));
        if (m.type === 'event' && m.event.type === 'prompt' && before === null && this.state.announcementId === m.event.id) {
          // normally the server's `tts end` releases the consent buttons; if it never arrives,
          // release them once the announcement must have finished
          const id = m.event.id;
          setTimeout(() => {
            if (this.state.announcementId === id) this.set(announcementOver(this.state));
          }, announcementBudgetMs(m.event.text));
        }
        if (this.state.phase === 'ended') void this.teardown();
      };
      t.onAudio = (bytes) => {
        // the reply's first frame: the first audio of a prompt that started after the turn ended
        // (frames of an earlier prompt still in flight do not count)
        if (this.replyAwaitedSince !== null && this.replyPromptStarted) {
          pipelineStats.replyLatency.add(performance.now() - this.replyAwaitedSince);
          this.replyAwaitedSince = null;
          this.replyPromptStarted = false;
        }
        this.player.play(bytes);
      };
      t.onStatus = (status, detail) => {
        if (status === 'reconnecting') {
          this.set({ ...this.state, phase: 'reconnecting' });
          this.notice({
            kind: 'connection',
            message: `Connection lost — ${detail ?? 'reconnecting'}. Keep talking; nothing you say is lost.`,
          });
        } else if (status === 'open' && this.state.phase === 'reconnecting') {
          this.set({ ...this.state, phase: 'live', notices: this.state.notices.filter((n) => n.kind !== 'connection') });
        } else if (status === 'closed' && this.state.phase !== 'ended' && this.state.phase !== 'failed') {
          this.set({ ...this.state, phase: 'ended', endedReason: detail ?? 'disconnected' });
        }
      };
      this.transport = t;
      modes.transport = t.kind;
      this.set({ ...this.state, callId: session.callId, modes: { ...modes } });
      await t.connect();
    } catch (e) {
      this.set({ ...this.state, phase: 'failed', endedReason: e instanceof Error ? e.message : String(e) });
      await this.teardown();
      return;
    }

    if (stream) {
      const pipeline = new FramePipeline(
        this.vad,
        {
          sendControl: (m) => this.sendControl(m),
          sendFrame: (f) => this.sendFrame(f),
          onLevel: (l) => {
            this.level = l;
          },
          onSpeaking: (speaking) => this.set({ ...this.state, callerSpeaking: speaking }),
        },
        pipelineStats,
      );
      this.pipeline = pipeline;
      this.capture = await startCapture(
        stream,
        (frame, workletMs) => void pipeline.push(frame, workletMs),
        env.audioWorklet,
        this.endpoints.worklet,
      );
      modes.capture = this.capture.mode;
      if (this.capture.mode === 'ScriptProcessor') this.notice(noAudioWorkletNotice);
    }
    pipelineStats.modes = { ...modes };
    const phase = this.state.phase as CallState['phase']; // changed by server messages meanwhile
    this.set({ ...this.state, phase: phase === 'starting' ? 'live' : phase, modes, textOnly: !stream });
  }

  private async openMicrophone(env: ReturnType<typeof detectAudioEnvironment>): Promise<MediaStream | null> {
    if (!env.secureContext) {
      this.notice(insecureOriginNotice(location.href));
      return null;
    }
    if (!env.getUserMedia) {
      this.notice(noMicrophoneNotice);
      return null;
    }
    try {
      return await requestMicrophone();
    } catch (e) {
      const name = e instanceof DOMException ? e.name : '';
      this.notice(name === 'NotAllowedError' || name === 'SecurityError' ? permissionDeniedNotice() : noMicrophoneNotice);
      return null;
    }
  }

  private async loadVad(): Promise<BrowserVad | null> {
    const t0 = performance.now();
    try {
      const { loadBrowserVad } = await import('../audio/browser-vad');
      const load = loadBrowserVad(
        {
          onSpeechStart: () => this.pipeline?.gate?.speechStarted(),
          onSpeechEnd: () => this.pipeline?.gate?.speechEnded(),
        },
        this.endpoints.vadAssets,
      );
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('VAD load timed out')), VAD_LOAD_TIMEOUT_MS));
      const vad = await Promise.race([load, timeout]);
      pipelineStats.vadReadyAt = performance.now();
      pipelineStats.vadReadyMs = pipelineStats.vadReadyAt - t0;
      return vad;
    } catch {
      return null;
    }
  }

  private sendFrame(pcm: Int16Array) {
    if (!this.transport) return;
    this.transport.sendAudio(pcm);
    pipelineStats.framesSent++;
  }

  private speechStartedAt = 0;
  /** When the visitor's last turn ended and no reply audio has come yet (reply latency). */
  private replyAwaitedSince: number | null = null;
  private replyPromptStarted = false;

  private sendControl(m: ClientMessage) {
    if (m.type === 'speech.start') {
      this.speechStartedAt = performance.now();
      pipelineStats.speechStarts++;
      this.replyAwaitedSince = null;
      this.replyPromptStarted = false;
      this.player.stop(); // barge-in: the caller talks over a prompt
    }
    if (m.type === 'speech.end') {
      pipelineStats.speechEnds++;
      this.replyAwaitedSince = performance.now();
      const seconds = (performance.now() - this.speechStartedAt) / 1000;
      this.set(callerLine(this.state, m.id, `(spoke for ${seconds.toFixed(1)} s)`));
    }
    // Typed text comes back as the server's `transcript` event (masked like every sink), so it is not added here.
    if (m.type === 'dtmf') this.set(callerLine(this.state, m.id, `pressed ${m.digit}`));
    this.transport?.send(m);
  }

  answerConsent(answer: 'yes' | 'no') {
    if (this.state.announcementPlaying) return; // the server would refuse it (see CallState)
    this.sendControl({ type: 'consent', id: messageId(), answer });
    this.set(consentAnswered(this.state));
  }
  pressDigit(digit: string) {
    this.sendControl({ type: 'dtmf', id: messageId(), digit });
  }
  sendText(text: string) {
    const trimmed = text.trim();
    if (trimmed) this.sendControl({ type: 'text', id: messageId(), text: trimmed.slice(0, 2000) });
  }

  async hangUp() {
    this.sendControl({ type: 'hangup', id: messageId() });
    this.set({ ...this.state, phase: 'ended', endedReason: 'you hung up', consentOpen: false });
    await this.teardown();
  }

  /** The widget left the page: end a call in progress (nothing to do when idle or over). */
  async leave() {
    if (this.state.phase === 'starting' || this.state.phase === 'live' || this.state.phase === 'reconnecting') await this.hangUp();
  }

  private async teardown() {
    this.player.stop();
    const capture = this.capture;
    this.capture = null;
    await capture?.stop().catch(() => {});
    // the VAD stays loaded for the next call; reset its state between calls
    this.vad?.reset();
    this.vad = null;
    this.pipeline = null;
    // let the last queued messages (hangup) leave before closing
    setTimeout(() => this.transport?.close(), 200);
  }
}
