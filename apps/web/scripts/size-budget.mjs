#!/usr/bin/env node
// Prints the size budget of the built widget (run by `npm run build -w @switchboard/web`):
// what a visitor downloads on first load, when the widget becomes visible, and only for LiveKit —
// raw and gzipped, each chunk named for what it is. Reads apps/web/dist; measures, never fails.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
/** vendor/vad/<content hash>/ (copy-vad-assets.mjs) */
const vadDir = `vendor/vad/${readdirSync(join(dist, 'vendor/vad'))[0]}`;

/** What each chunk is, by the name Vite gives it (the module it starts from). */
const WHAT = [
  [/^index-.*\.js$/, 'the app page: React, React DOM, the widget, call state, WebSocket transport'],
  [/^switchboard-voice\.js$/, 'the <switchboard-voice> element: React, React DOM, the widget, WebSocket transport'],
  [/^src-.*\.js$/, 'shared: @switchboard/protocol (zod schemas of the wire messages)'],
  [/^pipeline-stats-.*\.js$/, 'shared: per-frame timing windows (debug panel, tests, bench)'],
  [/^rolldown-runtime-.*\.js$/, 'bundler runtime (module wrappers)'],
  [/\.css$/, 'page styles (the widget adopts its own sheet from JS)'],
  [/^browser-vad-.*\.js$/, 'vad-web real-time VAD + onnxruntime-web/wasm JS (CPU build, no WebGPU/JSEP)'],
  [/^livekit-transport-.*\.js$/, 'livekit-client: loaded only when the server answers with a LiveKit room'],
  [/^ort-wasm-simd-threaded\.mjs$/, 'onnxruntime-web WASM glue (Emscripten JS), imported from wasmPaths'],
  [/^ort-wasm-simd-threaded\.wasm$/, 'onnxruntime-web WASM, SIMD CPU build (the smallest that runs Silero)'],
  [/^silero_vad_v5\.onnx$/, 'Silero VAD v5 model'],
  [/^capture-processor\.js$/, 'capture AudioWorklet (frames only)'],
  [/^frame-packer\.js$/, 'framing code imported by the capture worklet'],
];
const what = (file) => WHAT.find(([re]) => re.test(posix.basename(file)))?.[1] ?? '';

function sizes(file) {
  const bytes = readFileSync(join(dist, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, what: what(file) };
}

/** Static imports of an ES module (what the browser must fetch before it runs), recursively. */
function staticGraph(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(dist, file), 'utf8');
  for (const m of text.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']([^"']+\.js)["']/g)) {
    staticGraph(posix.join(posix.dirname(file), m[1]), seen);
  }
  return seen;
}
function dynamicImports(files) {
  const out = new Set();
  for (const f of files) {
    for (const m of readFileSync(join(dist, f), 'utf8').matchAll(/import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)) {
      const target = posix.join(posix.dirname(f), m[1]);
      if (!files.has(target)) out.add(target);
    }
  }
  return out;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
function table(title, rows) {
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
  console.log(`\n${title}`);
  for (const r of rows) console.log(`  ${r.file.padEnd(48)} ${kb(r.raw).padStart(12)} ${kb(r.gzip).padStart(12)} gz  ${r.what}`);
  console.log(`  ${'total'.padEnd(48)} ${kb(total.raw).padStart(12)} ${kb(total.gzip).padStart(12)} gz`);
  return total;
}

function budget(label, entryFiles) {
  const first = new Set();
  for (const e of entryFiles) staticGraph(e, first);
  const lazy = dynamicImports(first);
  const vad = [...lazy].filter((f) => /browser-vad-/.test(f));
  const livekit = [...lazy].filter((f) => /livekit-transport-/.test(f));
  const vadGraph = new Set();
  for (const f of vad) staticGraph(f, vadGraph);
  for (const f of first) vadGraph.delete(f);
  const lkGraph = new Set();
  for (const f of livekit) staticGraph(f, lkGraph);
  for (const f of [...first, ...vadGraph]) lkGraph.delete(f);
  console.log(`\n=== ${label} ===`);
  const js = table('first load (before the widget is on screen): JS', [...first].map(sizes));
  const assets = [
    `${vadDir}/ort-wasm-simd-threaded.mjs`,
    `${vadDir}/ort-wasm-simd-threaded.wasm`,
    `${vadDir}/silero_vad_v5.onnx`,
    'worklets/capture-processor.js',
    'worklets/frame-packer.js',
  ];
  const vadJs = table('when the widget becomes visible (preload): VAD JS', [...vadGraph].map(sizes));
  const wasm = table(
    'when the widget becomes visible (preload): WASM + glue + model, and on "Talk to us" the worklet',
    assets.filter((a) => exists(a)).map(sizes),
  );
  table('only when LiveKit is the transport', [...lkGraph].map(sizes));
  console.log(
    `  → first load JS ${kb(js.gzip)} gz; with the VAD ready ${kb(js.gzip + vadJs.gzip + wasm.gzip)} gz (WASM + model ${kb(wasm.gzip)} gz)`,
  );
}

function exists(f) {
  try {
    return statSync(join(dist, f)).isFile();
  } catch {
    return false;
  }
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const pageEntries = [...html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\/([^"]+)"/g)].map((m) => m[1]);
const css = [...html.matchAll(/<link rel="stylesheet"[^>]*href="\/([^"]+)"/g)].map((m) => m[1]);
budget('the app page (index.html)', pageEntries);
if (css.length) table('first load: CSS', css.map(sizes));
if (exists('embed/switchboard-voice.js'))
  budget('the embed script (<script type="module" src=".../embed/switchboard-voice.js">)', ['embed/switchboard-voice.js']);
const unused = readdirSync(join(dist, vadDir)).filter((f) => !/\.(wasm|onnx|mjs)$/.test(f));
if (unused.length)
  console.log(
    `\nserved but not loaded by the widget: ${unused.map((f) => `${vadDir}/${f}`).join(', ')} (vad-web's own worklet, for MicVAD; the widget uses worklets/capture-processor.js)`,
  );
