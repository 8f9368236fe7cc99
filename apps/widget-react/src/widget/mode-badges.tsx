import type { ActiveModes } from '../stats/pipeline-stats';

/** Which path is active — shown so a fallback is never silent. */
export function ModeBadges({ modes }: { modes: ActiveModes }) {
  return (
    <ul className="modes" aria-label="Active modes" data-testid="modes">
      <li data-testid="mode-capture">{modes.capture === 'none' ? 'no microphone' : modes.capture}</li>
      <li data-testid="mode-vad">{modes.vad === 'none' ? 'no VAD' : `${modes.vad} VAD`}</li>
      <li data-testid="mode-transport">{modes.transport === 'none' ? 'connecting' : modes.transport}</li>
    </ul>
  );
}
