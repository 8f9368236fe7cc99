import { expect, test } from '@playwright/test';
import { openWidget, talk } from './support/call-page';

test.use({ viewport: { width: 360, height: 640 }, hasTouch: true });

test('works on a phone-sized screen: no sideways scrolling, thumb-sized keys, everything reachable by Tab', async ({ page }) => {
  await openWidget(page);
  await talk(page);
  await expect(page.getByRole('button', { name: 'Key 5' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const key = await page.getByRole('button', { name: 'Key 5' }).boundingBox();
  expect(key!.height).toBeGreaterThanOrEqual(44); // WCAG 2.5.5 target size
  // keyboard: Tab from the hang-up button reaches the text box and the keypad
  await page.getByRole('button', { name: 'Hang up' }).focus();
  const reached = new Set<string>();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id ?? ''));
  }
  expect(reached).toContain('say-text');
  expect(reached).toContain('Key 0');
});
