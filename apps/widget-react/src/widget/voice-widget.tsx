import type { CallController } from '../call/call-controller';
import { ConsentPrompt } from './consent-prompt';
import { DebugPanel } from './debug-panel';
import { DtmfKeypad } from './dtmf-keypad';
import { LevelMeter } from './level-meter';
import { ModeBadges } from './mode-badges';
import { NoticeList } from './notice-list';
import { QueueStatus } from './queue-status';
import { TextInput } from './text-input';
import { TranscriptView } from './transcript-view';
import { useCallState } from './use-call-state';

const intentWords: Record<string, string> = {
  billing: 'Billing',
  technical: 'Technical support',
  sales: 'Sales',
  escalation: 'a representative',
  general: 'General enquiries',
};

/** The visitor widget: "Talk to us", then the live call. */
export function VoiceWidget({
  controller,
  debug,
  theme = 'light',
}: {
  controller: CallController;
  debug: boolean;
  theme?: 'light' | 'dark';
}) {
  const s = useCallState(controller);
  const active = s.phase === 'starting' || s.phase === 'live' || s.phase === 'reconnecting';
  const listening = s.phase === 'live' && !s.textOnly;
  return (
    <section className="widget" aria-label="Voice assistant" data-phase={s.phase} data-theme={theme}>
      {!active ? (
        <button type="button" className="talk" onClick={() => void controller.start()}>
          {s.phase === 'idle' ? 'Talk to us' : 'Call again'}
        </button>
      ) : (
        <div className="status-row">
          <span className="status" role="status" aria-live="polite" data-testid="call-status">
            {s.phase === 'starting'
              ? 'Connecting…'
              : s.phase === 'reconnecting'
                ? 'Reconnecting…'
                : s.callerSpeaking
                  ? 'You are speaking'
                  : s.systemSpeaking
                    ? 'Speaking to you'
                    : listening
                      ? 'Listening'
                      : 'Type or use the keypad'}
          </span>
          {!s.textOnly && <LevelMeter controller={controller} />}
          <button type="button" className="hangup" onClick={() => void controller.hangUp()}>
            Hang up
          </button>
        </div>
      )}
      <NoticeList notices={s.notices} />
      {s.phase !== 'idle' && <ModeBadges modes={s.modes} />}
      {s.route && (
        <p className="route" data-testid="route" data-intent={s.route.intent}>
          Routing you to <strong>{intentWords[s.route.intent] ?? s.route.intent}</strong>
        </p>
      )}
      {s.queue && <QueueStatus queue={s.queue} />}
      {s.transferredTo && <p className="route">You are being connected to {s.transferredTo}.</p>}
      {s.consentOpen && <ConsentPrompt ready={!s.announcementPlaying} onAnswer={(a) => controller.answerConsent(a)} />}
      <TranscriptView lines={s.transcript} />
      {active && (
        <>
          <TextInput onSend={(t) => controller.sendText(t)} />
          <DtmfKeypad onDigit={(d) => controller.pressDigit(d)} />
        </>
      )}
      {(s.phase === 'ended' || s.phase === 'failed') && (
        <p className="ended" data-testid="ended">
          Call ended{s.endedReason ? ` (${s.endedReason})` : ''}.
        </p>
      )}
      {debug && <DebugPanel />}
    </section>
  );
}
