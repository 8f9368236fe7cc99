#!/usr/bin/env node
// Copies the VAD model, vad-web's worklet and onnxruntime-web's WASM runtime from node_modules
// into public/vendor/ so the widget loads them from our own origin (no CDN; shared/FACTS.md "VAD").
// Run by the Vite plugin at dev/build start and by `npm run assets -w @switchboard/web`.
// The files are big (≈12 MB of WASM), so they are produced here rather than committed.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const require = createRequire(join(root, 'apps/web/package.json'));

// Resolve the packages' entry files (their `exports` hide package.json) and take their dist/.
const vadDist = dirname(require.resolve('@ricky0123/vad-web'));
const ortDist = dirname(require.resolve('onnxruntime-web/wasm'));

/** [source, destination name] */
const files = [
  [join(vadDist, 'silero_vad_v5.onnx'), 'silero_vad_v5.onnx'],
  [join(vadDist, 'vad.worklet.bundle.min.js'), 'vad.worklet.bundle.min.js'],
  // onnxruntime-web/wasm (the CPU-only build vad-web imports) loads exactly this pair.
  [join(ortDist, 'ort-wasm-simd-threaded.wasm'), 'ort-wasm-simd-threaded.wasm'],
  [join(ortDist, 'ort-wasm-simd-threaded.mjs'), 'ort-wasm-simd-threaded.mjs'],
];

/**
 * A content hash of the four files: they are served from /vendor/vad/<hash>/ so browsers may
 * cache them for a year (immutable) and a new onnxruntime-web or model gets a new URL.
 */
export function vadAssetsVersion() {
  const hash = createHash('sha256');
  for (const [src, name] of files) hash.update(name).update(readFileSync(src));
  return hash.digest('hex').slice(0, 12);
}

/** The URL path the widget loads them from (absolute, never "./": shared/FACTS.md). */
export function vadAssetsPath() {
  return `/vendor/vad/${vadAssetsVersion()}/`;
}

export function copyVadAssets(vadRoot = join(root, 'public/vendor/vad')) {
  const version = vadAssetsVersion();
  const outDir = join(vadRoot, version);
  mkdirSync(outDir, { recursive: true });
  // other versions (and the flat layout before versioning) would only be served stale
  for (const old of readdirSync(vadRoot)) if (old !== version) rmSync(join(vadRoot, old), { recursive: true, force: true });
  let copied = 0;
  for (const [src, name] of files) {
    const dest = join(outDir, name);
    const s = statSync(src);
    let d;
    try {
      d = statSync(dest);
    } catch {
      d = undefined;
    }
    if (d && d.size === s.size && d.mtimeMs >= s.mtimeMs) continue;
    copyFileSync(src, dest);
    copied++;
  }
  return { outDir, copied, total: files.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = copyVadAssets();
  console.log(`[assets] ${r.copied}/${r.total} VAD files copied to ${r.outDir}`);
}
