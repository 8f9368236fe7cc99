/**
 * The one-script-tag entry (docs/embedding.md):
 *   <script type="module" src="https://voice.example.com/embed/switchboard-voice.js"></script>
 *   <switchboard-voice server="https://voice.example.com"></switchboard-voice>
 * Built by apps/widget-react/vite.embed.config.ts into apps/web/dist/embed/ with React bundled;
 * the VAD and LiveKit code are separate chunks fetched from the same place only when needed.
 */
import { defineSwitchboardVoice } from './element/switchboard-voice-element';

defineSwitchboardVoice();
