import { expect, test } from '@playwright/test';
import { answerConsent, expectRoute } from './support/call-page';
import { reactAppOrigin } from './support/origins';

test('@switchboard/widget-react (library build) renders in a plain Vite app and runs a call against the server', async ({
  page,
  baseURL,
}) => {
  const server = new URL(baseURL!).origin;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${reactAppOrigin}/`);
  await expect(page.getByRole('heading', { name: 'Plain Vite app' })).toBeVisible();
  const talk = page.getByRole('button', { name: 'Talk to us' });
  await expect(talk).toBeVisible();
  // styled without the app importing any CSS: the component adopts its own sheet; theme prop applied
  await expect(page.locator('.widget')).toHaveAttribute('data-theme', 'dark');
  expect(await talk.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(91, 147, 255)');
  // the component came from the library build, not from our sources
  expect(requests.some((u) => u.includes('/apps/widget-react/dist/'))).toBe(true);
  expect(requests.some((u) => u.includes('/apps/widget-react/src/'))).toBe(false);

  await talk.click();
  await answerConsent(page);
  await page.getByRole('button', { name: 'Key 1' }).click();
  await expectRoute(page, 'billing');
  expect(requests.some((u) => u.startsWith(`${server}/api/sessions`))).toBe(true);
});
