import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '@lore/api';
import { build } from 'esbuild';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../browser/support.js';
import { createTestLore } from '../support/lore.js';

const page = `<!doctype html><script type="module">
import { createLoreClient, LoreApiError } from '/test/client.js';
window.result = (async () => {
  const lore = createLoreClient({ baseUrl: location.origin });
  await lore.collections.create({ name: 'browser' });
  const file = new File(['Penguins live in Antarctica and cannot fly.'], 'penguins.txt', { type: 'text/plain' });
  const { documents } = await lore.ingest({ collection: 'browser', documents: [{ bytes: file, fileName: file.name }], wait: true });
  const [hit] = await lore.search({ collection: 'browser', query: 'penguins', mode: 'keyword', topK: 1 });
  const error = await lore.documents.get('00000000-0000-0000-0000-000000000000').catch((caught) => caught);
  return { status: documents[0].status, title: hit.title, typed: error instanceof LoreApiError, code: error.code, http: error.status };
})().catch((error) => ({ failed: String(error) }));
</script>`;

describe('@lore/client in a browser', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore('pglite');
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  test('the built package bundles for the browser and works in Chromium against the server', async () => {
    // platform: 'browser' fails the bundle if the client pulled in any Node built-in.
    const bundle = await build({
      entryPoints: [resolve(import.meta.dirname, '../../packages/client/dist/index.js')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    const outer = new Hono()
      .get('/test/client.js', (c) => c.body(script, 200, { 'content-type': 'text/javascript' }))
      .get('/test/page.html', (c) => c.html(page))
      .route('/', createApp(env.lore, { maxRequestBytes: 1024 * 1024, log: () => {} }));
    const server = await new Promise<ReturnType<typeof serve>>((done) => {
      const started = serve({ fetch: outer.fetch, hostname: '127.0.0.1', port: 0 }, () => done(started));
    });
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/test/page.html`);
      await tab.waitForFunction(() => (globalThis as unknown as { result?: unknown }).result, undefined, {
        timeout: 60_000,
      });
      const result = await tab.evaluate(() => (globalThis as unknown as { result: Promise<unknown> }).result);
      expect(result).toEqual({
        status: 'indexed',
        title: 'penguins.txt',
        typed: true,
        code: 'NOT_FOUND',
        http: 404,
      });
    } finally {
      await browser.close();
      await new Promise((done) => server.close(done));
    }
  });
});
