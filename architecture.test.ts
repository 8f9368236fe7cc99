import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// shared/DESIGN.md "Layout": which part of the monorepo may import which. Checked over every
// product, test and bench file (a test that reaches across a boundary couples the parts too).
const ROOT = import.meta.dirname;
const SCANNED = ['packages', 'apps', 'worklets', 'e2e'];
const CODE = /\.(ts|tsx|mts|js|mjs)$/;

/** The area a repository path belongs to: "packages/ivr", "apps/web", "worklets", "e2e"… */
function areaOf(path: string): string {
  const [top, second] = relative(ROOT, path).split('/');
  return top === 'packages' || top === 'apps' ? `${top}/${second}` : (top ?? '');
}

/** Workspace packages by name, so `@switchboard/x` resolves to its area. */
const WORKSPACES: Record<string, string> = Object.fromEntries(
  ['packages', 'apps'].flatMap((top) =>
    readdirSync(join(ROOT, top)).flatMap((dir) => {
      try {
        const { name } = JSON.parse(readFileSync(join(ROOT, top, dir, 'package.json'), 'utf8')) as { name: string };
        return [[name, `${top}/${dir}`]];
      } catch {
        return [];
      }
    }),
  ),
);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return CODE.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports: static, dynamic, side-effect, re-export, require. */
function specifiers(text: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) if (m[1]) found.add(m[1]);
  return [...found];
}

/** The area an import lands in, or undefined for an outside dependency (npm, node:*). */
function targetArea(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return areaOf(resolve(dirname(from), specifier));
  const name = specifier.split('/').slice(0, 2).join('/');
  return WORKSPACES[name];
}

interface Rule {
  why: string;
  applies(area: string): boolean;
  forbids(target: string, area: string): boolean;
}

const RULES: Rule[] = [
  { why: 'packages never import apps', applies: (a) => a.startsWith('packages/'), forbids: (t) => t.startsWith('apps/') },
  {
    why: 'protocol depends on nothing in the workspace',
    applies: (a) => a === 'packages/protocol',
    forbids: (t) => t !== 'packages/protocol',
  },
  { why: 'worklets never import the web app', applies: (a) => a === 'worklets', forbids: (t) => t === 'apps/web' },
  { why: 'the web app never imports the server', applies: (a) => a === 'apps/web', forbids: (t) => t === 'apps/server' },
  { why: 'carriers never import compliance', applies: (a) => a === 'packages/carriers', forbids: (t) => t === 'packages/compliance' },
];

function violations(file: string, text: string): string[] {
  const area = areaOf(file);
  return specifiers(text).flatMap((spec) => {
    const target = targetArea(file, spec);
    if (target === undefined || target === '') return [];
    return RULES.filter((r) => r.applies(area) && r.forbids(target, area)).map((r) => `${relative(ROOT, file)} imports ${spec}: ${r.why}`);
  });
}

describe('architecture: who may import whom', () => {
  const all = SCANNED.flatMap((dir) => files(join(ROOT, dir)));

  it('scans product, test and bench files of every area', () => {
    const areas = new Set(all.map(areaOf));
    for (const a of ['packages/protocol', 'packages/carriers', 'apps/web', 'apps/server', 'worklets']) expect(areas.has(a)).toBe(true);
    expect(all.some((f) => f.endsWith('.test.ts'))).toBe(true);
    expect(all.some((f) => f.endsWith('.bench.ts'))).toBe(true);
  });

  it('catches each kind of crossing (the checker itself)', () => {
    const at = (path: string) => join(ROOT, path);
    expect(violations(at('packages/ivr/src/x.ts'), "import { a } from '../../../apps/server/src/env.js';")).toHaveLength(1);
    expect(violations(at('packages/protocol/src/x.ts'), "export * from '@switchboard/audio';")).toHaveLength(1);
    expect(violations(at('packages/protocol/src/x.ts'), "import { z } from 'zod';")).toEqual([]);
    expect(violations(at('worklets/x.js'), "import '../apps/web/src/main.tsx';")).toHaveLength(1);
    expect(violations(at('apps/web/src/x.test.ts'), "const s = await import('@switchboard/server');")).toHaveLength(1);
    expect(violations(at('packages/carriers/src/x.bench.ts'), "import type { C } from '@switchboard/compliance';")).toHaveLength(1);
    expect(violations(at('apps/server/src/x.ts'), "import { step } from '@switchboard/ivr';")).toEqual([]);
  });

  it('holds in every file', () => {
    const found = all.flatMap((file) => violations(file, readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });
});
