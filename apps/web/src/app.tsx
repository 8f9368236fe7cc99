import { useMemo } from 'react';
import { CallController } from './call/call-controller';
import { VoiceWidget } from './widget/voice-widget';

/** The demo page: a business site with the visitor widget. */
export function App() {
  const controller = useMemo(() => new CallController(), []);
  const debug = new URLSearchParams(location.search).has('debug');
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
