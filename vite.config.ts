import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { cacheControlFor } from './apps/server/src/http/static-cache.js';
// @ts-expect-error — plain .mjs script without types
import { copyVadAssets, vadAssetsPath } from './apps/web/scripts/copy-vad-assets.mjs';

const here = import.meta.dirname;
const workletsDir = resolve(here, 'worklets');
const vendorDir = resolve(here, 'public/vendor');
const contentTypes: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
};
/** Where the dev server sends /api and /ws: the Switchboard server (`switchboard serve`). */
const serverUrl = process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:8787';

/**
 * Serves worklets/*.js as-is at /worklets/ in dev and copies them into the build. AudioWorklet
 * modules are loaded by URL (audioWorklet.addModule), so they must not be bundled into the app.
 */
function workletsPlugin(): Plugin {
  const files = () => readdirSync(workletsDir).filter((f) => f.endsWith('.js'));
  return {
    name: 'switchboard-worklets',
    buildStart() {
      copyVadAssets();
    },
    configureServer(server) {
      // onnxruntime-web import()s its .mjs glue from wasmPaths at run time; Vite dev would treat
      // that as a source import from public/ and refuse it (HTTP 500), so serve vendor/ raw first.
      server.middlewares.use('/vendor/', (req, res, next) => {
        const name = (req.url ?? '').split('?')[0]!;
        const file = join(vendorDir, name);
        const ext = name.slice(name.lastIndexOf('.'));
        if (!file.startsWith(vendorDir) || !existsSync(file) || !contentTypes[ext]) return next();
        res.setHeader('Content-Type', contentTypes[ext]);
        res.end(readFileSync(file));
      });
      server.middlewares.use('/worklets/', (req, res, next) => {
        const name = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        if (!files().includes(name)) return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.end(readFileSync(join(workletsDir, name)));
      });
    },
    // `vite preview` (the bench) sends the server's Cache-Control (immutable for the hashed VAD
    // folder and chunks), so a warm start there is served from the HTTP cache as in production.
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        res.setHeader('Cache-Control', cacheControlFor((req.url ?? '/').split('?')[0]!));
        next();
      });
    },
    generateBundle() {
      for (const f of files()) this.emitFile({ type: 'asset', fileName: `worklets/${f}`, source: readFileSync(join(workletsDir, f)) });
    },
  };
}

export default defineConfig({
  root: resolve(here, 'apps/web'),
  publicDir: resolve(here, 'public'),
  plugins: [react(), workletsPlugin()],
  // the VAD model/WASM folder named by their content hash (apps/widget-react/src/audio/vad-assets.ts)
  define: { __SWITCHBOARD_VAD_ASSETS__: JSON.stringify(vadAssetsPath()) },
  build: {
    outDir: resolve(here, 'apps/web/dist'),
    emptyOutDir: true,
    rollupOptions: {
      // bench.html: the page `npm run bench -w @switchboard/web` drives (apps/web/bench/)
      input: Object.fromEntries(
        ['index', 'bench'].map((n) => [n, resolve(here, `apps/web/${n}.html`)] as const).filter(([, p]) => existsSync(p)),
      ),
    },
  },
  server: {
    host: '127.0.0.1',
    // e2e/insecure-origin.spec.ts maps this made-up name to loopback
    allowedHosts: ['voice.test'],
    // Host is passed through unchanged: the server then sees the page's own origin (its Origin
    // check, SWITCHBOARD_ALLOWED_ORIGINS, passes as same-origin) and hands out a socket URL on
    // this dev server, which the /ws proxy carries on.
    proxy: {
      '/api': { target: serverUrl },
      '/ws': { target: serverUrl.replace(/^http/, 'ws'), ws: true },
    },
  },
  preview: { host: '127.0.0.1' },
  // The widget imports vad-web's CommonJS modules by path (not its index, which drags in the full
  // onnxruntime-web): pre-bundle them at start so Vite dev does not discover them on the first
  // call and reload the page (FACTS.md: do not exclude vad-web or onnxruntime-web either).
  optimizeDeps: {
    include: ['@ricky0123/vad-web/dist/frame-processor', '@ricky0123/vad-web/dist/messages', '@ricky0123/vad-web/dist/real-time-vad'],
  },
});
