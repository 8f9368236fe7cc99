import { expect, type Page, test } from '@playwright/test';
import { talk } from './support/call-page';

/**
 * Records, from before any page script runs, every getUserMedia call and every AudioContext
 * made (with performance.now()), so a test can show none happened before the click.
 */
async function recordAudioAccess(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { what: string; at: number }[] = [];
    (window as unknown as { __audioAccess: typeof seen }).__audioAccess = seen;
    const media = navigator.mediaDevices;
    const getUserMedia = media.getUserMedia.bind(media);
    media.getUserMedia = (constraints) => {
      seen.push({ what: 'getUserMedia', at: performance.now() });
      return getUserMedia(constraints);
    };
    const Original = window.AudioContext;
    window.AudioContext = class extends Original {
      constructor(options?: AudioContextOptions) {
        seen.push({ what: 'AudioContext', at: performance.now() });
        super(options);
      }
    };
  });
}

const audioAccess = (page: Page) =>
  page.evaluate(() => (window as unknown as { __audioAccess: { what: string; at: number }[] }).__audioAccess);

function marks(page: Page) {
  return page.evaluate(() =>
    performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime, detail: (m as PerformanceMark).detail as unknown })),
  );
}

test('visible widget: the VAD session is created and warmed up before the click, with no mic or AudioContext; the click reuses it', async ({
  page,
}) => {
  await recordAudioAccess(page);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Talk to us' })).toBeVisible();
  // the preload path ran to the end: session created, warm-up done, VAD ready
  await page.waitForFunction(() => window.__switchboardStats?.vadReadyAt != null, null, { timeout: 45_000 });
  const before = await marks(page);
  expect(before.find((m) => m.name === 'sb-vad:preload')?.detail).toBe('visible');
  expect(before.map((m) => m.name)).toEqual(expect.arrayContaining(['sb-vad:start', 'sb-vad:session', 'sb-vad:warm']));
  // ... and nothing touched the microphone or audio output
  expect(await audioAccess(page)).toEqual([]);

  const clickAt = await page.evaluate(() => performance.now());
  await talk(page);
  await expect(page.getByTestId('mode-vad')).toHaveText('browser VAD', { timeout: 45_000 });
  const access = await audioAccess(page);
  expect(access.map((a) => a.what)).toEqual(expect.arrayContaining(['getUserMedia', 'AudioContext']));
  for (const a of access) expect(a.at).toBeGreaterThanOrEqual(clickAt);
  // one session for the page: the click did not load the VAD again
  expect((await marks(page)).filter((m) => m.name === 'sb-vad:start')).toHaveLength(1);
  await page.getByRole('button', { name: 'Hang up' }).click();
});

test('a widget below the fold is not preloaded until it is scrolled into view', async ({ page }) => {
  await recordAudioAccess(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.setViewportSize({ width: 800, height: 600 });
  // the page as served, with the widget pushed below the fold before anything renders
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace('</head>', '<style>#root { margin-top: 3000px }</style></head>');
      await route.fulfill({ response: res, body: html });
    },
  );
  await page.goto('/');
  const button = page.getByRole('button', { name: 'Talk to us' });
  await expect(button).toBeAttached();
  expect(await button.evaluate((b) => b.getBoundingClientRect().top)).toBeGreaterThan(600);
  // an observer made now reports after the widget's own (made at mount): once it has, the
  // widget's has seen "not intersecting" too
  const visible = await button.evaluate(
    (b) =>
      new Promise<boolean>((resolve) => {
        const seen = new IntersectionObserver((entries) => {
          seen.disconnect();
          resolve(entries[0]!.isIntersecting);
        });
        seen.observe(b);
      }),
  );
  expect(visible).toBe(false);
  expect((await marks(page)).map((m) => m.name)).not.toContain('sb-vad:preload');
  expect(requests.filter((p) => p.endsWith('.wasm') || p.endsWith('.onnx'))).toEqual([]);

  await button.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.__switchboardStats?.vadReadyAt != null, null, { timeout: 45_000 });
  expect((await marks(page)).find((m) => m.name === 'sb-vad:preload')?.detail).toBe('visible');
  expect(requests.some((p) => p.endsWith('.wasm'))).toBe(true);
  expect(await audioAccess(page)).toEqual([]);
});
