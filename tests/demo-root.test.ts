import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The demo (embedded hub, simulated feed, demo staff and PINs) is composed in station/host/demo.ts only
// (issue 20): a site's start path must not load any of it. This follows the value imports (not `import type`)
// from the site's composition root through the tree.
const root = resolve(__dirname, '..');
const demoOnly = ['hub/simulator.ts', 'station/host/embedded-hub.ts', 'station/roster/demo.ts', 'station/auth/demo.ts'];

function valueImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found: string[] = [];
  // import … from '…' / export … from '…' (not type-only), and dynamic import('…').
  for (const m of code.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^'";]*?from\s+'([^']+)'/gm)) found.push(m[1]);
  for (const m of code.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push(m[1]);
  for (const m of code.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push(m[1]);
  return found.filter((s) => s.startsWith('.'));
}

function resolveModule(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')])
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  return undefined;
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [resolve(root, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of valueImports(file)) {
      const next = resolveModule(file, spec);
      if (next) queue.push(next);
    }
  }
  return new Set([...seen].map((f) => relative(root, f)));
}

describe('the demo behind its own composition root', () => {
  it("a site's station services load none of the demo", () => {
    const loaded = reachable('station/host/services.ts');
    expect(loaded.size).toBeGreaterThan(20);
    expect(demoOnly.filter((f) => loaded.has(f))).toEqual([]);
  });

  it('the demo root does load them (the check follows imports for real)', () => {
    const loaded = reachable('station/host/demo.ts');
    expect(demoOnly.filter((f) => loaded.has(f))).toEqual(demoOnly);
  });
});
