import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { fakeMicArgs, launchOptions } from './e2e/support/chromium';
import { speechWav } from './e2e/support/fixtures-paths';

/** A free loopback port; pinned in the environment so the test workers (which reload this file) agree. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}
process.env.SB_E2E_SERVER_PORT ??= String(await freePort());
process.env.SB_E2E_VITE_PORT ??= String(await freePort());
// Second origins for the embedding tests: a business's page with the <script> tag, and a plain Vite React app.
process.env.SB_E2E_EMBED_PORT ??= String(await freePort());
process.env.SB_E2E_REACT_PORT ??= String(await freePort());
process.env.SB_E2E_DATA ??= join(tmpdir(), `switchboard-e2e-${process.pid}`);
const serverPort = process.env.SB_E2E_SERVER_PORT;
const vitePort = process.env.SB_E2E_VITE_PORT;
const dataDir = process.env.SB_E2E_DATA;
/** SB_E2E_SERVER_URL: test against a server you already run (debugging); otherwise the real one is started here. */
const external = process.env.SB_E2E_SERVER_URL;
export const serverUrl = external ?? `http://127.0.0.1:${serverPort}`;
/** Other origins than the server's (host and port differ); the server allows exactly these. */
export const embedOrigin = `http://localhost:${process.env.SB_E2E_EMBED_PORT}`;
export const reactAppOrigin = `http://localhost:${process.env.SB_E2E_REACT_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  // one browser at a time: each runs Silero in WASM and the 2-core CI box is shared with the server's
  workers: 1,
  fullyParallel: false,
  // generous: espeak-ng prompts play in real time (the consent notice alone is ~12 s)
  timeout: 180_000,
  expect: { timeout: 30_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : 'list',
  use: {
    launchOptions: launchOptions(fakeMicArgs(speechWav)),
    trace: 'retain-on-failure',
  },
  projects: [
    // The production build (vite build) served by the real Switchboard server: what visitors get.
    { name: 'prod', use: { baseURL: serverUrl } },
    // The Vite dev server proxying /api and /ws to the same server: the developer path.
    { name: 'dev', use: { baseURL: `http://127.0.0.1:${vitePort}` }, grep: /@journey/ },
  ],
  webServer: [
    ...(external
      ? []
      : [
          {
            command: 'npm run build -w @switchboard/web && node apps/server/bin/switchboard.mjs serve',
            url: `${serverUrl}/`,
            timeout: 180_000,
            reuseExistingServer: false,
            stdout: 'pipe' as const,
            env: {
              PORT: serverPort,
              HOST: '127.0.0.1',
              SWITCHBOARD_DB: join(dataDir, 'switchboard.db'),
              SWITCHBOARD_DATA_DIR: dataDir,
              SWITCHBOARD_WEB_DIST: join(import.meta.dirname, 'apps/web/dist'),
              LOG_LEVEL: 'warn',
              // Every spec's browser comes from 127.0.0.1: one address for all of them (docs/hostile-traffic.md).
              SWITCHBOARD_SESSIONS_PER_IP_PER_MINUTE: '1000',
              SWITCHBOARD_ALLOWED_ORIGINS: `${embedOrigin},${reactAppOrigin}`,
            },
          },
        ]),
    {
      command: `npx vite --config vite.config.ts --port ${vitePort} --strictPort`,
      url: `http://127.0.0.1:${vitePort}/`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { SWITCHBOARD_URL: serverUrl },
    },
    {
      command: 'node e2e/fixtures/embed-host/embed-host.mjs',
      url: `http://127.0.0.1:${process.env.SB_E2E_EMBED_PORT}/host.css`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { PORT: process.env.SB_E2E_EMBED_PORT, SWITCHBOARD_URL: serverUrl },
    },
    {
      command: `npm run build -w @switchboard/widget-react && npx vite --config e2e/fixtures/react-app/vite.config.ts --port ${process.env.SB_E2E_REACT_PORT}`,
      url: `http://127.0.0.1:${process.env.SB_E2E_REACT_PORT}/`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: { VITE_SWITCHBOARD_SERVER: serverUrl },
    },
  ],
});
