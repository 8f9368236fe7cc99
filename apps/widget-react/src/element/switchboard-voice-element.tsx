import { createRoot, type Root } from 'react-dom/client';
import { SwitchboardVoice, type SwitchboardVoiceProps } from '../switchboard-voice';

const ATTRIBUTES = ['server', 'flow', 'language', 'theme', 'debug', 'preload'] as const;
const THEMES = new Set(['light', 'dark']);
const PRELOADS = new Set(['visible', 'eager', 'none']);

/**
 * `<switchboard-voice server="https://voice.example.com" flow="default" language="en" theme="dark">`:
 * the widget in an open shadow root, so the host page's CSS neither reaches in nor is touched.
 * Attribute values that are not understood are reported on the console and ignored (the default
 * applies) rather than breaking the business's page.
 */
export class SwitchboardVoiceElement extends HTMLElement {
  static observedAttributes = [...ATTRIBUTES];
  private root: Root | null = null;

  connectedCallback() {
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.root ??= createRoot(shadow);
    this.render();
  }

  disconnectedCallback() {
    // moved within the page: connectedCallback runs again before this microtask
    queueMicrotask(() => {
      if (this.isConnected || !this.root) return;
      this.root.unmount();
      this.root = null;
    });
  }

  attributeChangedCallback() {
    if (this.root) this.render();
  }

  private render() {
    this.root?.render(<SwitchboardVoice {...this.props()} />);
  }

  private props(): SwitchboardVoiceProps {
    const attr = (name: (typeof ATTRIBUTES)[number]) => this.getAttribute(name)?.trim() || undefined;
    const props: SwitchboardVoiceProps = {};
    const server = attr('server');
    const flow = attr('flow');
    const language = attr('language');
    const theme = attr('theme');
    const preload = attr('preload');
    if (server) props.server = server;
    if (flow) props.flow = flow;
    if (language) props.language = language;
    if (theme && THEMES.has(theme)) props.theme = theme as SwitchboardVoiceProps['theme'];
    else if (theme) console.warn(`<switchboard-voice>: theme="${theme}" is not light or dark; using light`);
    if (preload && PRELOADS.has(preload)) props.preload = preload as SwitchboardVoiceProps['preload'];
    else if (preload) console.warn(`<switchboard-voice>: preload="${preload}" is not visible, eager or none; using visible`);
    if (this.hasAttribute('debug')) props.debug = true;
    return props;
  }
}

/** Registers the element once (a second script tag on the page is harmless). */
export function defineSwitchboardVoice(name = 'switchboard-voice'): void {
  if (!customElements.get(name)) customElements.define(name, SwitchboardVoiceElement);
}
