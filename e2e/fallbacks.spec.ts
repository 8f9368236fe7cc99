import { expect, test } from '@playwright/test';
import { SPEECH_TEXT } from './support/fixtures-paths';
import { answerConsent, expectRoute, openWidget, say, stats, talk } from './support/call-page';

test.describe('microphone permission denied', () => {
  test('explains how to allow the mic; typing completes the turn (keyboard only)', async ({ page }) => {
    // The page is served with Permissions-Policy: microphone=() — getUserMedia is refused (FACTS.md).
    await page.route(
      (url) => url.pathname === '/',
      async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, headers: { ...res.headers(), 'permissions-policy': 'microphone=()' } });
      },
    );
    await openWidget(page);
    await page.getByRole('button', { name: 'Talk to us' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('notice-permission-denied')).toContainText('Microphone to "Allow"');
    await expect(page.getByTestId('mode-capture')).toHaveText('no microphone');
    await answerConsent(page);
    await say(page, SPEECH_TEXT);
    await expectRoute(page, 'billing');
  });
});

test.describe('no AudioWorklet', () => {
  test('captures through ScriptProcessorNode, says so, and the spoken turn still routes', async ({ page }) => {
    await page.addInitScript(() => {
      // biome-ignore lint/performance/noDelete: the point is to make the global vanish
      delete (window as { AudioWorkletNode?: unknown }).AudioWorkletNode;
    });
    await openWidget(page);
    await talk(page);
    await expect(page.getByTestId('mode-capture')).toHaveText('ScriptProcessor');
    await expect(page.getByTestId('notice-no-audio-worklet')).toBeVisible();
    await answerConsent(page);
    await expectRoute(page, 'billing');
    const s = await stats(page);
    expect(s.speechStarts).toBeGreaterThanOrEqual(1);
    expect(s.worklet.count).toBeGreaterThan(0); // the ScriptProcessor path is timed on the main thread
  });
});

test.describe('VAD WASM/model blocked', () => {
  test('streams raw audio, shows "server VAD", and the server still hears the turn', async ({ page }) => {
    await page.route('**/*.wasm', (r) => r.abort());
    await page.route('**/*.onnx', (r) => r.abort());
    await openWidget(page, { waitForVad: false });
    await talk(page);
    await expect(page.getByTestId('notice-server-vad')).toBeVisible({ timeout: 45_000 });
    await expect(page.getByTestId('mode-vad')).toHaveText('server VAD');
    await answerConsent(page);
    await expectRoute(page, 'billing');
    const s = await stats(page);
    expect(s.speechStarts).toBe(0); // the browser did no VAD…
    expect(s.framesSent).toBe(s.framesCaptured); // …and streamed every frame
  });
});

