import { expect, test } from '@playwright/test';
import { answerConsent, expectRoute, openWidget, talk } from './support/call-page';
import { fakeMicArgs, launchOptions } from './support/chromium';
import { speechWav } from './support/fixtures-paths';

// localhost and 127.0.0.1 count as secure; a made-up name mapped to loopback does not (FACTS.md).
test.use({ launchOptions: launchOptions([...fakeMicArgs(speechWav), '--host-resolver-rules=MAP voice.test 127.0.0.1']) });

test('over plain http on a real host name: explains, links to https, and the keypad completes the turn', async ({ page, baseURL }) => {
  test.skip(!baseURL?.includes('127.0.0.1'), 'needs a loopback server');
  const url = new URL(baseURL!);
  url.hostname = 'voice.test';
  const vadAssets: string[] = [];
  page.on('request', (r) => {
    if (/\.(wasm|onnx)$/.test(new URL(r.url()).pathname)) vadAssets.push(r.url());
  });
  await openWidget(page, { path: `${url.origin}/`, waitForVad: false });
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  // the visible widget decided not to preload the VAD (the mic can never open here): nothing fetched
  const skipped = await page.waitForFunction(
    () => (performance.getEntriesByName('sb-vad:preload-skipped')[0] as PerformanceMark | undefined)?.detail,
  );
  expect(await skipped.jsonValue()).toBe('insecure-origin');
  expect(vadAssets).toEqual([]);
  await talk(page);
  const notice = page.getByTestId('notice-insecure-origin');
  await expect(notice).toContainText('secure (https) connection');
  await expect(notice.getByRole('link')).toHaveAttribute('href', `https://voice.test:${url.port}/`);
  await answerConsent(page);
  await page.getByRole('button', { name: 'Key 1' }).click(); // 1 = billing in the default flow
  await expectRoute(page, 'billing');
});
