import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where global-setup writes the fake-mic recordings; fixed so the config can name them before setup runs. */
export const audioDir = join(tmpdir(), 'switchboard-e2e-audio');
export const silenceWav = join(audioDir, 'silence.wav');
export const SPEECH_TEXT = 'I was charged twice on my last invoice';
/**
 * Seconds of (noisy) silence before the speech in each loop of the recording: long enough that
 * the consent announcement (~12 s of espeak-ng, played to the end before an answer counts) is
 * over and answered before the caller speaks — speech inside the consent window is taken as the
 * consent answer.
 */
export const LEAD_SILENCE_S = 28;
export const speechWav = join(audioDir, `charged-twice-lead${LEAD_SILENCE_S}s.wav`);
