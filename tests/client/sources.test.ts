import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '@lore/api';
import { createLoreClient, LoreApiError, type LoreClient } from '@lore/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';

const page = `<!doctype html><html><head><title>Bees</title></head><body><main><article><h1>Bees</h1>
<p>Honey bees dance in the hive to tell the others where the flowers are, and how far away.</p>
<p>A worker bee lives about six weeks in summer, most of it spent gathering nectar and pollen.</p>
</article></main></body></html>`;

/** `@lore/client`'s sources namespace against the real server (API keys, a socket) and a local site. */
describe('client sources: folders and sites through the HTTP API', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let server: ReturnType<typeof serve>;
  let site: Server;
  let siteUrl: string;
  let folder: string;
  let client: LoreClient;

  beforeAll(async () => {
    site = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    // The site is on loopback: this server allows that one address and no other.
    env = await createTestLore('pglite', { sourceOptions: { fetch: { allowHosts: ['127.0.0.1'] } } });
    const app = createApp(env.lore, { maxRequestBytes: 1024 * 1024, auth: 'keys', log: () => {} });
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
    });
    const { secret } = await env.lore.keys.create({ name: 'sources', scopes: ['read', 'ingest', 'admin'] });
    client = createLoreClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      apiKey: secret,
    });
    folder = await mkdtemp(join(tmpdir(), 'lore-client-sources-'));
    await writeFile(
      join(folder, 'hedgehogs.md'),
      'Hedgehogs roll into a ball of spines when they are afraid.',
    );
    await writeFile(join(folder, 'moles.md'), 'Moles dig long tunnels and eat the earthworms that fall in.');
    await client.collections.create({ name: 'garden' });
    await client.collections.create({ name: 'other' });
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await new Promise((resolve) => site?.close(resolve));
    await env?.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  const titles = async (collection: string) =>
    (await client.documents.list(collection)).map((document) => document.title).sort();

  test('a folder: create, list, get, sync with wait, sync again after an edit, delete with its documents', async () => {
    const source = await client.sources.create({ collection: 'garden', path: folder });
    expect(source).toMatchObject({ kind: 'folder', path: await realpath(folder), syncedAt: null });

    const first = await client.sources.sync(source.id, { wait: true });
    expect(first).toMatchObject({ added: 2, changed: 0, job: { status: 'completed' } });
    expect(await titles('garden')).toEqual(['hedgehogs.md', 'moles.md']);
    const [hit] = await client.search({ collection: 'garden', query: 'Which animal rolls into a ball?' });
    expect(hit?.title).toBe('hedgehogs.md');

    expect((await client.sources.list('garden')).map(({ id }) => id)).toEqual([source.id]);
    expect(await client.sources.list('other')).toEqual([]);
    expect((await client.sources.list()).map(({ id }) => id)).toContain(source.id);
    expect(await client.sources.get(source.id)).toMatchObject({ id: source.id, lastJobId: first.job.id });

    // Without wait the sync answers once the work is queued; the job is followed to its end.
    await writeFile(join(folder, 'moles.md'), 'Moles are nearly blind and find worms by touch and smell.');
    const second = await client.sources.sync(source.id);
    expect(second).toMatchObject({ added: 0, changed: 1, unchanged: 1 });
    let last = second.job;
    for await (const job of client.jobs.watch(second.job.id)) last = job;
    expect(last.status).toBe('completed');
    const [mole] = await client.search({ collection: 'garden', query: 'How do moles find worms?' });
    expect(mole?.text).toContain('nearly blind');

    await client.sources.delete(source.id);
    expect(await titles('garden')).toEqual([]);
    const gone = await client.sources.get(source.id).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(LoreApiError);
    expect(gone).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  test('a site: its page is synced; keepDocuments keeps them after the source is deleted', async () => {
    const source = await client.sources.create({ collection: 'other', url: siteUrl, maxDepth: 0 });
    expect(source).toMatchObject({ kind: 'url', path: siteUrl, maxDepth: 0, maxPages: null });
    expect(await client.sources.sync(source.id, { wait: true })).toMatchObject({ added: 1 });
    expect(await titles('other')).toEqual(['Bees']);
    await client.sources.delete(source.id, { keepDocuments: true });
    expect(await client.sources.list('other')).toEqual([]);
    expect(await titles('other')).toEqual(['Bees']);
  });

  test('refusals are LoreApiErrors; a refused address names the server variables that allow it', async () => {
    const port = new URL(siteUrl).port;
    const refused = await client.sources
      .create({ collection: 'other', url: `http://localhost:${port}/` })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect((refused as LoreApiError).message).toContain('LORE_FETCH_ALLOW_HOSTS');
    await expect(
      client.sources.create({ collection: 'other', path: folder, url: siteUrl }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    await expect(client.sources.create({ collection: 'nowhere', path: folder })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
    });
  });
});
