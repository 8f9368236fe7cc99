import { expect, test } from '@playwright/test';
import { answerConsent, expectRoute, openWidget, stats, talk } from './support/call-page';

test.describe('no AudioWorklet', () => {
  test('captures through ScriptProcessorNode, says so, and the spoken turn still routes', async ({ page }) => {
    await page.addInitScript(() => {
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
