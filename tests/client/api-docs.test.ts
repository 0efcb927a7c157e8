import { createApp } from '@lore/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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
});
