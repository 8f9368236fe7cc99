import { useEffect } from 'react';
import { CallController } from './call/call-controller';
import { VoiceWidget } from './widget/voice-widget';

/** The demo page: a business site with the visitor widget. */
/** One per page; module scope so StrictMode's double render does not load the VAD twice. */
const controller = new CallController();

export function App() {
  const debug = new URLSearchParams(location.search).has('debug');
  useEffect(() => {
    void controller.preload();
  }, []);
  return (
    <main className="page">
      <header>
        <h1>Acme Support</h1>
        <p>Questions about a bill, a fault or a new plan? Press “Talk to us” and just say what you need.</p>
      </header>
      <VoiceWidget controller={controller} debug={debug} />
    </main>
  );
}
