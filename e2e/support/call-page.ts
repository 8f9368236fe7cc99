import { expect, type Page } from '@playwright/test';
import type { StatsSnapshot } from '../../apps/widget-react/src/stats/pipeline-stats';

/** Opens the widget page and waits for the VAD to load (unless it is expected to fail). */
export async function openWidget(page: Page, { waitForVad = true, path = '/?debug' } = {}): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('button', { name: 'Talk to us' })).toBeVisible();
  if (waitForVad) await page.waitForFunction(() => window.__switchboardStats?.vadReadyMs != null, null, { timeout: 45_000 });
}

export async function talk(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Talk to us' }).click();
}

/**
 * The consent question comes first (explicit opt-in for an unknown web caller); answer it in the
 * page once the announcement has played to the end (the button is disabled until then).
 */
export async function answerConsent(page: Page): Promise<void> {
  const yes = page.getByRole('button', { name: 'Yes, record' });
  await expect(yes).toBeEnabled({ timeout: 60_000 });
  await yes.click();
  await expect(yes).toBeHidden();
}

export async function expectRoute(page: Page, intent: string): Promise<void> {
  await expect(page.getByTestId('route')).toHaveAttribute('data-intent', intent, { timeout: 75_000 });
}

export function stats(page: Page): Promise<StatsSnapshot> {
  return page.evaluate(() => window.__switchboardStats!.snapshot());
}

/** Types an utterance into the text fallback (same IVR, no microphone). */
export async function say(page: Page, text: string): Promise<void> {
  await page.getByLabel('Or type it').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}
