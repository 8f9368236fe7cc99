declare const __SWITCHBOARD_VAD_ASSETS__: string | undefined;

/**
 * Where the Silero model and onnxruntime-web's WASM are served: `/vendor/vad/<content hash>/`,
 * fixed at build time by the Vite configs (apps/web/scripts/copy-vad-assets.mjs computes the
 * hash), so the server may let browsers cache them for a year. Tests and tools that run the
 * sources without Vite get the bare folder.
 */
export const VAD_ASSET_PATH: string = typeof __SWITCHBOARD_VAD_ASSETS__ === 'string' ? __SWITCHBOARD_VAD_ASSETS__ : '/vendor/vad/';
