import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { audioDir, LEAD_SILENCE_S, SPEECH_TEXT, silenceWav, speechWav } from './support/fixtures-paths';

/**
 * Makes the fake microphone's recordings with espeak-ng and sox (shared/FACTS.md "Audio"):
 * 16 kHz mono 16-bit, with a little white noise throughout — pure digital silence confuses
 * VADs and recognisers.
 */
export default function globalSetup(): void {
  mkdirSync(audioDir, { recursive: true });
  const tmp = (n: string) => join(audioDir, n);
  const sox = (...args: string[]) => execFileSync('sox', args, { stdio: 'pipe' });
  if (!existsSync(speechWav)) {
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', tmp('raw.wav'), SPEECH_TEXT]);
    sox(tmp('raw.wav'), '-r', '16000', '-c', '1', '-b', '16', tmp('speech16.wav'));
    sox('-n', '-r', '16000', '-c', '1', '-b', '16', tmp('lead.wav'), 'trim', '0', String(LEAD_SILENCE_S));
    sox('-n', '-r', '16000', '-c', '1', '-b', '16', tmp('tail.wav'), 'trim', '0', '4');
    sox(tmp('lead.wav'), tmp('speech16.wav'), tmp('tail.wav'), tmp('clean.wav'));
    const seconds = execFileSync('soxi', ['-D', tmp('clean.wav')])
      .toString()
      .trim();
    sox('-n', '-r', '16000', '-c', '1', '-b', '16', tmp('noise.wav'), 'synth', seconds, 'whitenoise', 'vol', '0.003');
    sox('-m', tmp('clean.wav'), tmp('noise.wav'), '-b', '16', speechWav);
  }
  if (!existsSync(silenceWav)) {
    sox('-n', '-r', '16000', '-c', '1', '-b', '16', silenceWav, 'synth', '12', 'whitenoise', 'vol', '0.003');
  }
}
