import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@lore/api';
import { createLore, type Lore } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createKeyedLore, keyed, makeKey } from '../security/support.js';
import { call, createTestEmbedder, createTestLore } from '../support/lore.js';

const owls = '# Owls\n\nOwls hunt at night and can turn their heads 270 degrees.';
const bees = 'Honey bees dance to tell the hive where the flowers are.';
const otters = 'Sea otters hold hands while they sleep so that they do not drift apart.';

type App = Parameters<typeof call>[0];

/** Follows a job over GET /v1/jobs/{id} until it ends. */
async function finished(app: App, jobId: string) {
  for (let tries = 0; tries < 600; tries++) {
    const job = await call(app, 'GET', `/v1/jobs/${jobId}`);
    if (job.body.status === 'completed' || job.body.status === 'failed') return job.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobId} did not end`);
}

describe('the sources REST API', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let folder: string;
  beforeAll(async () => {
    env = await createTestLore('pglite');
    folder = await mkdtemp(join(tmpdir(), 'lore-sources-api-'));
    await writeFile(join(folder, 'owls.md'), owls);
    await writeFile(join(folder, 'bees.txt'), bees);
    expect((await call(env.app, 'POST', '/v1/collections', { name: 'nature' })).status).toBe(201);
  });
  afterAll(async () => {
    await env.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  const titles = async () =>
    (await call(env.app, 'GET', '/v1/collections/nature/documents')).body.data
      .map((document: { title: string }) => document.title)
      .sort();
  const search = async (query: string) =>
    (await call(env.app, 'POST', '/v1/collections/nature/search', { query, mode: 'keyword', topK: 3 })).body
      .results as { title: string; metadata: Record<string, unknown> }[];

  test('register, list, sync (a job), edit and sync again, delete', async () => {
    const created = await call(env.app, 'POST', '/v1/collections/nature/sources', { path: folder });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'folder',
      intervalSeconds: null,
      syncedAt: null,
      lastJobId: null,
    });
    const id = created.body.id as string;
    const listed = await call(env.app, 'GET', '/v1/collections/nature/sources');
    expect(listed.body.data.map((source: { id: string }) => source.id)).toEqual([id]);
    expect((await call(env.app, 'GET', '/v1/sources')).body.data).toHaveLength(1);
    expect((await call(env.app, 'GET', `/v1/sources/${id}`)).body.path).toBe(created.body.path);

    const sync = await call(env.app, 'POST', `/v1/sources/${id}/sync`);
    expect(sync.status).toBe(202);
    expect(sync.body).toMatchObject({ added: 2, changed: 0, renamed: 0, deleted: 0, skipped: [] });
    expect(await finished(env.app, sync.body.job.id)).toMatchObject({
      status: 'completed',
      progress: { done: 2, total: 2 },
    });
    expect(await titles()).toEqual(['bees.txt', 'owls.md']);
    expect((await search('owls hunt at night'))[0]?.title).toBe('owls.md');

    await mkdir(join(folder, 'birds'));
    await rename(join(folder, 'owls.md'), join(folder, 'birds/owls.md'));
    await writeFile(join(folder, 'bees.txt'), otters);
    const again = await call(env.app, 'POST', `/v1/sources/${id}/sync?wait=true`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ added: 0, changed: 1, renamed: 1, deleted: 0 });
    expect(again.body.job).toMatchObject({ status: 'completed', progress: { done: 1, total: 1 } });
    expect(again.body.source).toMatchObject({
      id,
      lastJobId: again.body.job.id,
      syncedAt: expect.any(String),
    });
    expect(await titles()).toEqual(['bees.txt', 'birds/owls.md']);
    expect((await search('owls hunt at night'))[0]).toMatchObject({
      title: 'birds/owls.md',
      metadata: { source: id, path: 'birds/owls.md' },
    });
    expect((await search('sea otters hold hands'))[0]?.title).toBe('bees.txt');

    expect((await call(env.app, 'DELETE', `/v1/sources/${id}`)).status).toBe(204);
    expect((await call(env.app, 'GET', `/v1/sources/${id}`)).status).toBe(404);
    expect(await titles()).toEqual([]);
    expect(await search('owls hunt at night')).toEqual([]);
    expect((await call(env.app, 'DELETE', `/v1/sources/${id}`)).status).toBe(404);
  });

  test('deleting with keepDocuments=true leaves the documents', async () => {
    const created = await call(env.app, 'POST', '/v1/collections/nature/sources', { path: folder });
    const sync = await call(env.app, 'POST', `/v1/sources/${created.body.id}/sync?wait=true`);
    expect(sync.body.added).toBe(2);
    expect((await call(env.app, 'DELETE', `/v1/sources/${created.body.id}?keepDocuments=true`)).status).toBe(
      204,
    );
    expect(await titles()).toEqual(['bees.txt', 'birds/owls.md']);
  });

  test('bad input is a 4xx with the error body', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/v1/collections/nature/sources', { path: join(folder, 'missing') }, 400, 'No folder at'],
      ['POST', '/v1/collections/nature/sources', { path: join(folder, 'bees.txt') }, 400, 'not a folder'],
      ['POST', '/v1/collections/nature/sources', { path: '' }, 400, 'path'],
      ['POST', '/v1/collections/nature/sources', {}, 400, 'path'],
      [
        'POST',
        '/v1/collections/nature/sources',
        { path: folder, intervalSeconds: 0 },
        400,
        'intervalSeconds',
      ],
      ['POST', '/v1/collections/nature/sources', { path: folder, extra: 1 }, 400, 'extra'],
      ['POST', '/v1/collections/nowhere/sources', { path: folder }, 404, 'nowhere'],
      ['GET', '/v1/collections/nowhere/sources', undefined, 404, 'nowhere'],
      ['POST', '/v1/sources/not-an-id/sync', undefined, 404, 'not-an-id'],
      ['POST', '/v1/sources/00000000-0000-4000-8000-000000000000/sync', undefined, 404, 'does not exist'],
      ['DELETE', '/v1/sources/00000000-0000-4000-8000-000000000000', undefined, 404, 'does not exist'],
    ];
    for (const [method, path, body, status, words] of cases) {
      const response = await call(env.app, method, path, body);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(response.body.error).toMatchObject({
        code: expect.any(String),
        message: expect.stringContaining(words),
      });
    }
    const created = await call(env.app, 'POST', '/v1/collections/nature/sources', { path: folder });
    expect(created.status).toBe(201);
    const twice = await call(env.app, 'POST', '/v1/collections/nature/sources', { path: folder });
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    await call(env.app, 'DELETE', `/v1/sources/${created.body.id}?keepDocuments=true`);
  });

  test('the routes are in /openapi.json', async () => {
    const { body } = await call(env.app, 'GET', '/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/collections/{name}/sources',
        '/v1/sources',
        '/v1/sources/{id}',
        '/v1/sources/{id}/sync',
      ]),
    );
    expect(Object.keys(body.paths['/v1/sources/{id}'])).toEqual(expect.arrayContaining(['get', 'delete']));
    expect(body.components.schemas.SyncResult.properties.renamed).toBeDefined();
  });
});

describe('who may sync which folders', () => {
  let allowed: string;
  let outside: string;
  let lore: Lore;
  let dataDir: string;
  beforeAll(async () => {
    allowed = await mkdtemp(join(tmpdir(), 'lore-sync-root-'));
    outside = await mkdtemp(join(tmpdir(), 'lore-sync-outside-'));
    dataDir = await mkdtemp(join(tmpdir(), 'lore-sync-roots-data-'));
    await mkdir(join(allowed, 'notes'));
    lore = await createLore({
      dataDir,
      embedder: createTestEmbedder(),
      sourceOptions: { allowedRoots: [allowed] },
    });
    await lore.collections.create({ name: 'notes' });
  });
  afterAll(async () => {
    await lore.close();
    for (const dir of [allowed, outside, dataDir]) await rm(dir, { recursive: true, force: true });
  });

  test('with allowed roots (LORE_SYNC_ROOTS), a folder outside them is 403, one inside is fine', async () => {
    const app = createApp(lore, { maxRequestBytes: 1024 * 1024, log: () => {} });
    const refused = await call(app, 'POST', '/v1/collections/notes/sources', { path: outside });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect(refused.body.error.message).toContain('LORE_SYNC_ROOTS');
    // A way out through `..` is judged by where it leads.
    const upwards = await call(app, 'POST', '/v1/collections/notes/sources', {
      path: join(allowed, 'notes', '..', '..'),
    });
    expect(upwards.status).toBe(403);
    expect(
      (await call(app, 'POST', '/v1/collections/notes/sources', { path: join(allowed, 'notes') })).status,
    ).toBe(201);
  });
});

describe('sources need the ingest scope', () => {
  let env: Awaited<ReturnType<typeof createKeyedLore>>;
  let folder: string;
  beforeAll(async () => {
    env = await createKeyedLore('pglite');
    folder = await mkdtemp(join(tmpdir(), 'lore-sources-keys-'));
    await env.lore.collections.create({ name: 'alpha' });
    await env.lore.collections.create({ name: 'beta' });
  });
  afterAll(async () => {
    await env.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  test('a read key is refused, an ingest key works on its own collections and sees no others', async () => {
    const read = await makeKey(env.lore, ['read']);
    const ingestA = await makeKey(env.lore, ['ingest'], ['alpha']);
    const ingestB = await makeKey(env.lore, ['ingest'], ['beta']);
    const refused = await keyed(env.app, read, 'POST', '/v1/collections/alpha/sources', { path: folder });
    expect(refused.status).toBe(403);
    const created = await keyed(env.app, ingestA, 'POST', '/v1/collections/alpha/sources', { path: folder });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await keyed(env.app, ingestA, 'GET', '/v1/sources')).body.data).toHaveLength(1);
    expect((await keyed(env.app, ingestB, 'GET', '/v1/sources')).body.data).toHaveLength(0);
    expect((await keyed(env.app, ingestB, 'POST', `/v1/sources/${id}/sync`)).status).toBe(404);
    expect((await keyed(env.app, ingestB, 'DELETE', `/v1/sources/${id}`)).status).toBe(404);
    expect((await keyed(env.app, read, 'GET', `/v1/sources/${id}`)).status).toBe(403);
    expect((await keyed(env.app, ingestA, 'POST', `/v1/sources/${id}/sync`)).status).toBe(202);
  });
});
