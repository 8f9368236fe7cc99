import { expect, test } from '@playwright/test';
import { answerConsent, openWidget, stats, talk } from './support/call-page';
import { fakeMicArgs, launchOptions } from './support/chromium';
import { silenceWav } from './support/fixtures-paths';

test.use({ launchOptions: launchOptions(fakeMicArgs(silenceWav)) });

test('silence (light noise) produces no speech events and sends no audio in browser-VAD mode', async ({ page }) => {
  await openWidget(page);
  await talk(page);
  await answerConsent(page);
  // ≈8 s of noise-only capture: enough frames for any false start to show
  await expect.poll(async () => (await stats(page)).framesCaptured, { timeout: 30_000 }).toBeGreaterThan(250);
  const s = await stats(page);
  expect(s.modes.vad).toBe('browser');
  expect(s.speechStarts).toBe(0);
  expect(s.framesSent).toBe(0);
  await expect(page.locator('[data-role="caller"]')).toHaveCount(0);
});
