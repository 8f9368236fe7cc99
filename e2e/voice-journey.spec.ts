import { expect, test } from '@playwright/test';
import { answerConsent, expectRoute, openWidget, stats, talk } from './support/call-page';

test.describe('voice journey @journey', () => {
  test('espeak-ng speech through the fake mic reaches the server, is recognised and routed to billing', async ({ page }, info) => {
    await openWidget(page);
    await talk(page);
    await expect(page.getByTestId('mode-capture')).toHaveText('AudioWorklet');
    await expect(page.getByTestId('mode-vad')).toHaveText('browser VAD');
    await expect(page.getByTestId('mode-transport')).toHaveText('WebSocket');
    await answerConsent(page);

    await expectRoute(page, 'billing');
    // the caller's side shows the spoken turn (the server sends no `transcript` events yet)
    await expect(page.locator('[data-role="caller"]').first()).toContainText(/spoke for \d/);
    const s = await stats(page);
    expect(s.speechStarts).toBeGreaterThanOrEqual(1);
    expect(s.speechEnds).toBeGreaterThanOrEqual(1);
    expect(s.framesSent).toBeGreaterThan(20); // ≈3 s of speech at 32 ms a frame, with pre-roll
    expect(s.framesSent).toBeLessThan(s.framesCaptured); // silence is not sent in browser-VAD mode
    expect(s.vad.count).toBe(s.framesCaptured);
    if (info.project.name === 'prod' && process.env.SB_SCREENSHOT) await page.screenshot({ path: process.env.SB_SCREENSHOT });
  });
});
