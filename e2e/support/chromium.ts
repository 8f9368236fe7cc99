/** Chromium flags from shared/FACTS.md "Browser tests". Never `npx playwright install`: system Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

export const baseArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A fake microphone playing `wav` in a loop; `grant: false` leaves the permission prompt to deny it.
 * Looping (not `%noloop`): if machine load delays the IVR past the first sentence (the consent
 * announcement and greeting are espeak-ng played in real time), the next repetition is heard.
 */
export function fakeMicArgs(wav: string, grant = true): string[] {
  return [
    ...baseArgs,
    ...(grant ? ['--use-fake-ui-for-media-stream'] : []),
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    '--autoplay-policy=no-user-gesture-required',
  ];
}

export function launchOptions(args: string[]) {
  return { executablePath: CHROMIUM, args };
}
