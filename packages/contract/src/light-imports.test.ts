import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect, test } from 'vitest';

const packages = resolve(import.meta.dirname, '../..');
/** The @lore subpaths the contract may load, and where their source is. */
const loreSources: Record<string, string> = { '@lore/core/defaults': join(packages, 'core/src/defaults.ts') };

/** Every package a module loads at run time, following its relative imports (type-only imports load nothing). */
function runtimePackages(entry: string): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const queue = [entry];
  for (let file = queue.pop(); file; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, keyword, specifier] of source.matchAll(
      /^(import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms,
    )) {
      if (!keyword || !specifier) continue;
      if (specifier.startsWith('.')) queue.push(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (loreSources[specifier]) queue.push(loreSources[specifier]);
      else found.add(specifier);
    }
  }
  return found;
}

// The contract is what a client, the web UI or another server imports to validate Lore's wire format: loading
// it must not load Lore's core (LanceDB's native binary, PGlite, postgres, the models).
test('@lore/contract loads only zod, its OpenAPI extension and the dependency-free @lore/core/defaults', () => {
  const loaded = runtimePackages(join(packages, 'contract/src/index.ts'));
  expect([...loaded].sort()).toEqual(['@asteasolutions/zod-to-openapi', 'zod']);
});
