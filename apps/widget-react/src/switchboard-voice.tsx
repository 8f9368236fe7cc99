import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { CallController } from './call/call-controller';
import { VoiceWidget } from './widget/voice-widget';
import { adoptWidgetStyles } from './widget-styles';

export type WidgetTheme = 'light' | 'dark';

export interface SwitchboardVoiceProps {
  /** Base URL of the Switchboard server (e.g. "https://voice.example.com"); the page's origin when absent. */
  server?: string;
  /** Flow id the page expects; the server refuses a call (400) when it runs another flow. */
  flow?: string;
  /** Language the page expects (e.g. "en"); refused like `flow` when the flow speaks another. */
  language?: string;
  theme?: WidgetTheme;
  /** Shows the per-frame timing table (worklet, VAD, total). */
  debug?: boolean;
  /**
   * When to prepare the browser VAD (fetch Silero and onnxruntime's WASM, create the session,
   * warm it up): `visible` (default) as soon as the widget is on screen, `eager` at mount, `none`
   * only when the visitor presses "Talk to us". Never opens the mic or an AudioContext; skipped
   * on an insecure (http) origin, where the mic cannot open anyway.
   */
  preload?: 'visible' | 'eager' | 'none';
}

/**
 * The Switchboard visitor widget as a React component. A new call controller is made whenever
 * the server, flow or language changes (keyed), so one never talks to two servers.
 */
export function SwitchboardVoice(props: SwitchboardVoiceProps) {
  return <ConnectedWidget key={`${props.server ?? ''}|${props.flow ?? ''}|${props.language ?? ''}`} {...props} />;
}

function ConnectedWidget({ server, flow, language, theme = 'light', debug = false, preload = 'visible' }: SwitchboardVoiceProps) {
  const [controller] = useState(
    () =>
      new CallController({
        ...(server ? { server } : {}),
        ...(flow ? { flow } : {}),
        ...(language ? { language } : {}),
      }),
  );
  const box = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const root = box.current?.getRootNode();
    if (root instanceof Document || root instanceof ShadowRoot) adoptWidgetStyles(root);
  }, []);

  useEffect(() => {
    const el = box.current;
    if (preload === 'eager' || (preload === 'visible' && (!el || typeof IntersectionObserver === 'undefined'))) {
      void controller.preload(preload === 'eager' ? 'eager' : 'visible');
      return;
    }
    if (preload !== 'visible' || !el) return;
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      void controller.preload('visible');
    });
    seen.observe(el);
    return () => seen.disconnect();
  }, [controller, preload]);

  useEffect(() => () => void controller.leave(), [controller]);

  return (
    <div ref={box} className="switchboard-voice">
      <VoiceWidget controller={controller} debug={debug} theme={theme} />
    </div>
  );
}
