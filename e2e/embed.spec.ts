import { expect, type Page, test } from '@playwright/test';
import { answerConsent, expectRoute, stats, talk } from './support/call-page';
import { embedOrigin } from './support/origins';

/** Every request the page makes, so a test can show where each part came from. */
function recordRequests(page: Page): URL[] {
  const seen: URL[] = [];
  page.on('request', (r) => seen.push(new URL(r.url())));
  return seen;
}

/** Console messages about CSP: Chromium reports each refused load or eval there. */
function recordCspViolations(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  return refused;
}

async function waitForVad(page: Page) {
  await page.waitForFunction(() => window.__switchboardStats?.vadReadyMs != null, null, { timeout: 45_000 });
}

test.describe('the widget on a business’s own site (another origin)', () => {
  test('one <script> tag: the element completes a spoken call routed to billing, talking to the server cross-origin', async ({
    page,
    baseURL,
  }) => {
    const server = new URL(baseURL!).origin;
    expect(embedOrigin).not.toBe(server);
    const requests = recordRequests(page);
    await page.goto(`${embedOrigin}/script-tag.html`);
    await expect(page.getByRole('button', { name: 'Talk to us' })).toBeVisible();
    // shadow DOM: the host page's `button { background: magenta }` does not reach the widget
    const talkBg = await page.getByRole('button', { name: 'Talk to us' }).evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(talkBg).toBe('rgb(11, 95, 255)');
    expect(await page.locator('switchboard-voice').evaluate((el) => el.shadowRoot?.querySelector('.widget') != null)).toBe(true);
    // preloaded when visible, before any click
    await waitForVad(page);
    expect(requests.some((u) => u.origin === server && u.pathname.endsWith('.wasm'))).toBe(true);

    await talk(page);
    await expect(page.getByTestId('mode-vad')).toHaveText('browser VAD');
    await expect(page.getByTestId('mode-transport')).toHaveText('WebSocket');
    await expect(page.getByTestId('mode-capture')).toHaveText('AudioWorklet');
    await answerConsent(page);
    await expectRoute(page, 'billing');
    const s = await stats(page);
    expect(s.speechEnds).toBeGreaterThanOrEqual(1);
    expect(s.framesSent).toBeLessThan(s.framesCaptured);
    // the API, the socket and every asset came from the Switchboard server, none from the host
    expect(requests.some((u) => u.origin === server && u.pathname === '/api/sessions')).toBe(true);
    expect(requests.filter((u) => u.origin === embedOrigin).map((u) => u.pathname)).toEqual(['/script-tag.html', '/host.css']);
  });

  test('a page with a strict CSP (no inline, no eval, only wasm-unsafe-eval): styled, browser VAD, the call works', async ({ page }) => {
    const refused = recordCspViolations(page);
    const res = await page.goto(`${embedOrigin}/strict-csp.html`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src [^;]*'wasm-unsafe-eval'/);
    expect(res?.headers()['content-security-policy']).not.toMatch(/unsafe-inline|'unsafe-eval'/);
    const talkButton = page.getByRole('button', { name: 'Talk to us' });
    await expect(talkButton).toBeVisible();
    expect(await talkButton.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(91, 147, 255)'); // theme="dark"
    await waitForVad(page);
    await talk(page);
    await expect(page.getByTestId('mode-vad')).toHaveText('browser VAD');
    await answerConsent(page);
    await page.getByRole('button', { name: 'Key 1' }).click(); // 1 = billing
    await expectRoute(page, 'billing');
    expect(refused).toEqual([]);
  });

  test('without wasm-unsafe-eval the CSP stops the WASM and the widget falls back to server VAD, saying so', async ({ page }) => {
    const refused = recordCspViolations(page);
    await page.goto(`${embedOrigin}/strict-csp.html?wasm=off`);
    await talk(page);
    await expect(page.getByTestId('mode-vad')).toHaveText('server VAD', { timeout: 45_000 });
    expect(refused.join('\n')).toMatch(/WebAssembly|wasm-unsafe-eval/);
    await page.getByRole('button', { name: 'Hang up' }).click();
  });

  test('the server answers this listed origin and refuses one it was not told about', async ({ page, baseURL }) => {
    const server = new URL(baseURL!).origin;
    await page.goto(`${embedOrigin}/script-tag.html`);
    const listed = await page.evaluate(
      async (url) =>
        (await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
      server,
    );
    expect(listed).toBe(201);
    const foreign = await page.request.post(`${server}/api/sessions`, { headers: { origin: 'https://not-listed.example' }, data: {} });
    expect(foreign.status()).toBe(403);
  });
});
