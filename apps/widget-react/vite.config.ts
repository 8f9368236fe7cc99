import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
// @ts-expect-error — plain .mjs script without types
import { vadAssetsPath } from '../web/scripts/copy-vad-assets.mjs';

/**
 * `npm run build -w @switchboard/widget-react`: the React component as a library (Vite library
 * mode) for a business's own React app — React and React DOM stay the app's (peer dependencies);
 * everything else the widget needs is inside, the VAD and LiveKit as lazily imported chunks.
 * Inside this monorepo apps/web imports the TypeScript source instead (no build step between
 * workspaces).
 */
const here = import.meta.dirname;

export default defineConfig({
  plugins: [react()],
  // the server this library talks to serves the VAD files under their content hash (same commit)
  define: { __SWITCHBOARD_VAD_ASSETS__: JSON.stringify(vadAssetsPath()) },
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    copyPublicDir: false,
    lib: { entry: resolve(here, 'src/index.ts'), formats: ['es'], fileName: () => 'switchboard-widget-react.js' },
    rollupOptions: {
      external: ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime'],
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
