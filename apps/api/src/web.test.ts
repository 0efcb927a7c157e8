import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { webRoutes } from './web.js';

describe('web UI serving', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lore-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Lore</title>');
    await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('index.html at / is revalidated on every load', async () => {
    const response = await webRoutes(root).request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>Lore</title>');
  });

  test('hashed assets are cached for a year with their type', async () => {
    const response = await webRoutes(root).request('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect((await webRoutes(root).request('/assets/missing.js')).status).toBe(404);
    expect((await webRoutes(root).request('/assets/../index.html')).status).not.toBe(200);
  });

  test('without a build, / says how to build the UI', async () => {
    const response = await webRoutes(join(root, 'nothing-here')).request('/');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build -w @lore/web');
  });
});
