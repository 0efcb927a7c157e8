import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '@lore/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../browser/support.js';
import { createTestLore } from '../support/lore.js';

describe('GET /docs', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore('pglite');
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  test('serves a self-contained reference page without an API key, reading /openapi.json', async () => {
    const app = createApp(env.lore, { maxRequestBytes: 1024 * 1024, auth: 'keys', log: () => {} });
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain("fetch('/openapi.json')");
    // Offline: nothing may load from another origin.
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect((await app.request('/openapi.json')).status).toBe(200);
    expect((await app.request('/v1/collections')).status).toBe(401);
  });

  test('in Chromium the page lists every operation, expands one and filters, loading nothing from elsewhere', async () => {
    const app = createApp(env.lore, { maxRequestBytes: 1024 * 1024, log: () => {} });
    const server = await new Promise<ReturnType<typeof serve>>((done) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => done(started));
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const foreign: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(origin)) foreign.push(request.url());
      });
      await page.goto(`${origin}/docs`);
      const spec = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, object> };
      const operations = Object.values(spec.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
      await page.waitForSelector('details');
      expect(await page.locator('details').count()).toBe(operations);
      const search = page.locator('details[data-route="post /v1/collections/{name}/search"]');
      const body = search.locator('pre').first();
      expect(await body.isVisible()).toBe(false);
      await search.locator('summary').click();
      expect(await body.isVisible()).toBe(true);
      expect(await body.textContent()).toContain('"query"');
      await page.fill('#filter', '/v1/keys');
      const visible = await page.locator('details:visible').count();
      expect(visible).toBeGreaterThan(0);
      expect(visible).toBeLessThan(operations);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
      await new Promise((done) => server.close(done));
    }
  });
});
