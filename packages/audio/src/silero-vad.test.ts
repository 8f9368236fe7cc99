import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { toFrames } from './frames.js';
import { int16ToFloat32 } from './pcm.js';
import { SileroVad } from './silero-vad.js';
import { parseWav } from './wav.js';

const require = createRequire(import.meta.url);
const modelPath = join(require.resolve('@ricky0123/vad-web/package.json'), '..', 'dist', 'silero_vad_v5.onnx');

function espeak(text: string): Float32Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'vad-'));
  const raw = join(dir, 'raw.wav');
  const wav = join(dir, 'speech.wav');
  execFileSync('espeak-ng', ['-w', raw, text]);
  // 0.5 s of quiet noise, the speech, 0.5 s of noise (pure digital silence confuses VADs: FACTS.md).
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav, 'pad', '0.5', '0.5']);
  const { samples } = parseWav(readFileSync(wav));
  const int16 = Int16Array.from(samples, (s) => Math.round(s * 32767 + (Math.random() - 0.5) * 60));
  return toFrames(int16).map((f) => int16ToFloat32(f));
}

describe('SileroVad on onnxruntime-node', () => {
  let vad: SileroVad;
  beforeAll(async () => {
    vad = await SileroVad.create({ ort, model: readFileSync(modelPath), sessionOptions: { intraOpNumThreads: 1 } });
  });

  it('rejects a missing runtime or model with a message', async () => {
    await expect(SileroVad.create({ ort: {} as never, model: new Uint8Array() })).rejects.toThrow(/ort must be an onnxruntime module.*model must be/);
    await expect(SileroVad.create({ ort, model: readFileSync(modelPath), sampleRate: 8000 })).rejects.toThrow(/sampleRate must be 16000/);
  });

  it('scores espeak-ng speech high and the padding noise low', async () => {
    const frames = espeak('I need help with my invoice');
    const stream = vad.newStream();
    const probs: number[] = [];
    for (const f of frames) probs.push(await vad.process(stream, f));
    const lead = probs.slice(0, 12);
    expect(Math.max(...lead)).toBeLessThan(0.3);
    expect(probs.filter((p) => p > 0.5).length).toBeGreaterThan(15);
  });

  it('gives the same probabilities batched across streams as one stream at a time', async () => {
    const a = espeak('billing question');
    const b = espeak('technical support please');
    const n = Math.min(a.length, b.length);
    const sa = vad.newStream();
    const sb = vad.newStream();
    const single: number[][] = [[], []];
    for (let i = 0; i < n; i++) {
      single[0]?.push(await vad.process(sa, a[i] as Float32Array));
      single[1]?.push(await vad.process(sb, b[i] as Float32Array));
    }
    const ba = vad.newStream();
    const bb = vad.newStream();
    for (let i = 0; i < n; i++) {
      const [pa, pb] = await vad.processBatch([
        { stream: ba, frame: a[i] as Float32Array },
        { stream: bb, frame: b[i] as Float32Array },
      ]);
      expect(pa).toBeCloseTo(single[0]?.[i] as number, 4);
      expect(pb).toBeCloseTo(single[1]?.[i] as number, 4);
    }
  });

  it('rejects a frame of the wrong size', async () => {
    await expect(vad.process(vad.newStream(), new Float32Array(480))).rejects.toThrow(/512 samples/);
  });
});
