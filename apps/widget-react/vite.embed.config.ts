import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
// @ts-expect-error — plain .mjs script without types
import { vadAssetsPath } from '../web/scripts/copy-vad-assets.mjs';

/**
 * The one-script-tag build (docs/embedding.md): src/embed.ts with React bundled in, as an ES
 * module at apps/web/dist/embed/switchboard-voice.js so the Switchboard server serves it beside
 * the app. Code split off behind dynamic imports (vad-web + onnxruntime-web, livekit-client)
 * lands in embed/chunks/ with content-hashed names, imported relative to the entry's own URL —
 * so it loads from the Switchboard server even on a business's page. Library mode also leaves
 * out Vite's preload helper, which would resolve chunks against the host page instead.
 */
const here = import.meta.dirname;

export default defineConfig({
  plugins: [react()],
  // library mode leaves process.env.NODE_ENV alone; React must see production
  define: { 'process.env.NODE_ENV': JSON.stringify('production'), __SWITCHBOARD_VAD_ASSETS__: JSON.stringify(vadAssetsPath()) },
  build: {
    outDir: resolve(here, '../web/dist/embed'),
    emptyOutDir: true,
    copyPublicDir: false,
    minify: true,
    lib: { entry: resolve(here, 'src/embed.ts'), formats: ['es'], fileName: () => 'switchboard-voice.js' },
    rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true } },
  },
});
