import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

test('the configuration table in docs/configuration.md is generated from the current config schema', async () => {
  const check = await run(
    process.execPath,
    [
      '--conditions=lore-source',
      '--import',
      'tsx',
      resolve(root, 'docs/scripts/generate.ts'),
      '--check',
      '--only=configuration',
    ],
    { cwd: root },
  ).catch((error: { code: number; stderr: string }) => error);
  expect('stderr' in check ? check.stderr : '').toBe('');
  expect('code' in check ? check.code : 0).toBe(0);
});

test('docs/api.md documents every route of /openapi.json', async () => {
  const env = await createTestLore('pglite');
  try {
    const spec = (await (await env.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const reference = await readFile(resolve(root, 'docs/api.md'), 'utf8');
    const routes = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `### ${method.toUpperCase()} \`${path}\``),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) expect(reference).toContain(route);
  } finally {
    await env.cleanup();
  }
});
