import { expect, test } from '@playwright/test';
import { answerConsent, expectRoute, openWidget, say } from './support/call-page';
import { fakeMicArgs, launchOptions } from './support/chromium';
import { SPEECH_TEXT, speechWav } from './support/fixtures-paths';

// Without --use-fake-ui-for-media-stream, headless Chromium refuses the permission prompt
// (NotAllowedError), as a visitor pressing "Block" would (FACTS.md). (Serving the page with
// Permissions-Policy through page.route does not work here: Chromium 156's local-network-access
// checks then block the page's own WebSocket to 127.0.0.1.)
test.use({ launchOptions: launchOptions(fakeMicArgs(speechWav, false)) });

test('mic permission denied: explains how to allow it; typing completes the turn, keyboard only', async ({ page }) => {
  await openWidget(page);
  await page.getByRole('button', { name: 'Talk to us' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notice-permission-denied')).toContainText('Microphone to "Allow"');
  await expect(page.getByTestId('mode-capture')).toHaveText('no microphone');
  await answerConsent(page);
  await say(page, SPEECH_TEXT);
  await expectRoute(page, 'billing');
});
