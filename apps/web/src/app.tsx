import { SwitchboardVoice } from '@switchboard/widget-react';

/** The demo page: a business site with the visitor widget (the same component other sites embed). */
export function App() {
  const debug = new URLSearchParams(location.search).has('debug');
  return (
    <main className="page">
      <header>
        <h1>Acme Support</h1>
        <p>Questions about a bill, a fault or a new plan? Press “Talk to us” and just say what you need.</p>
      </header>
      <SwitchboardVoice debug={debug} />
    </main>
  );
}
