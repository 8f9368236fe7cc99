import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// shared/DESIGN.md "Layout": packages are pure TypeScript — no Hono, React, DOM, node:* or
// environment reads, no wall clock or timers. Only apps/* wire real I/O. Tests and benches may.
const FORBIDDEN: [RegExp, string][] = [
  [/from ['"]node:/, 'node:* import'],
  [/require\(['"]node:/, 'node:* require'],
  [/process\.env/, 'environment read'],
  [/from ['"](hono|react|react-dom)['"/]/, 'framework import'],
  [/\bDate\.now\(\)/, 'wall clock (inject a clock)'],
  [/\bsetTimeout\(|\bsetInterval\(/, 'timer (inject a clock)'],
  [/\bdocument\.|\bwindow\./, 'DOM access'],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.(test|bench)\.ts$/.test(name) && !/\/(testing|fakes?)\//.test(path) ? [path] : [];
  });
}

describe('packages stay pure', () => {
  const root = join(import.meta.dirname, 'packages');
  const files = readdirSync(root).flatMap((pkg) => {
    try {
      return sources(join(root, pkg, 'src'));
    } catch {
      return [];
    }
  });

  it('finds package sources to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s has no runtime I/O', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const found = FORBIDDEN.filter(([re]) => re.test(text)).map(([, why]) => why);
    expect(found).toEqual([]);
  });
});
