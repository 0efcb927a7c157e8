import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDatabase,
  createLanceVectorStore,
  createLore,
  createLoreFromServices,
  createPostgresChatStore,
  createPostgresMetadataStore,
  createPostgresSourceStore,
  type Lore,
  type SourceStore,
} from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually } from '../support/eventually.js';
import { createTestEmbedder } from '../support/lore.js';

const apples = 'Apple orchards bloom in spring; the fruit is picked in autumn and stored in cool cellars.';
const bridges = 'A suspension bridge hangs its deck from cables slung between tall towers.';
const comets = 'A comet grows a glowing tail of gas and dust as it swings close to the sun.';

describe('a sync that stops half-way (the store fails at a step, as a crash would stop there)', () => {
  let dir: string;
  let folder: string;
  let lore: Lore;
  /** The step that fails once, next. */
  let failAt: keyof SourceStore | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lore-sync-crash-'));
    folder = join(dir, 'folder');
    await mkdir(folder);
    const database = await createDatabase({ dataDir: join(dir, 'pg') });
    const real = createPostgresSourceStore(database);
    // The real store, but the chosen step throws once instead of running.
    const failing = new Proxy(real, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || property !== failAt) return value;
        return () => {
          failAt = null;
          return Promise.reject(new Error(`stopped before ${String(property)}`));
        };
      },
    });
    lore = createLoreFromServices({
      metadata: createPostgresMetadataStore(database),
      chats: createPostgresChatStore(database),
      sources: failing,
      vectors: await createLanceVectorStore({ uri: join(dir, 'lance') }),
      embedder: createTestEmbedder(),
      workerOptions: { pollMs: 50 },
    });
    await lore.collections.create({ name: 'notes' });
  });
  afterAll(async () => {
    await lore.close();
    await rm(dir, { recursive: true, force: true });
  });

  const titles = async () => (await lore.documents.list('notes')).map((document) => document.title).sort();
  const keywordTitles = async (query: string) =>
    (await lore.search({ collection: 'notes', query, mode: 'keyword' })).map((hit) => hit.title);

  test('stopped before its changes commit: nothing of it is stored, its job ends, the next sync does the work', async () => {
    await writeFile(join(folder, 'apples.md'), apples);
    await writeFile(join(folder, 'bridges.md'), bridges);
    const source = await lore.sources.create({ collection: 'notes', path: folder });
    await lore.sources.sync(source.id, { wait: true });
    expect(await titles()).toEqual(['apples.md', 'bridges.md']);

    await rm(join(folder, 'bridges.md'));
    await writeFile(join(folder, 'comets.md'), comets);
    failAt = 'applySyncChanges';
    await expect(lore.sources.sync(source.id)).rejects.toThrow('stopped before applySyncChanges');
    const stopped = await lore.sources.get(source.id);
    const stuckJobId = stopped.lastJobId as string;
    // The job it began expects comets.md, which was never queued: it would wait forever.
    expect(await lore.jobs.get(stuckJobId)).toMatchObject({
      status: 'queued',
      progress: { done: 0, total: 1 },
    });
    expect(await titles()).toEqual(['apples.md', 'bridges.md']);

    const result = await lore.sources.sync(source.id, { wait: true });
    expect(result).toMatchObject({ added: 1, deleted: 1, unchanged: 1 });
    expect(result.job).toMatchObject({ status: 'completed', progress: { done: 1, total: 1 } });
    expect(await lore.jobs.get(stuckJobId)).toMatchObject({ status: 'completed', progress: { total: 0 } });
    expect(await titles()).toEqual(['apples.md', 'comets.md']);
    expect(await keywordTitles('comet tail sun')).toContain('comets.md');
    expect(await keywordTitles('suspension bridge cables')).not.toContain('bridges.md');
  });

  test('stopped after its changes commit: what it queued is ingested once, and the next sync finds nothing to do', async () => {
    const [source] = await lore.sources.list('notes');
    if (!source) throw new Error('no source');
    await writeFile(join(folder, 'bridges.md'), bridges);
    failAt = 'finishSync';
    await expect(lore.sources.sync(source.id)).rejects.toThrow('stopped before finishSync');
    const jobId = (await lore.sources.get(source.id)).lastJobId as string;
    const finished = await eventually(
      () => lore.jobs.get(jobId),
      (current) => current.status === 'completed',
    );
    expect(finished).toMatchObject({ status: 'completed', progress: { done: 1, total: 1 } });
    const before = await lore.documents.list('notes');
    const again = await lore.sources.sync(source.id, { wait: true });
    expect(again).toMatchObject({ added: 0, changed: 0, deleted: 0, unchanged: 3 });
    expect(again.job.progress.total).toBe(0);
    expect(await lore.documents.list('notes')).toEqual(before);
    expect(await keywordTitles('suspension bridge cables')).toContain('bridges.md');
  });
});

describe('scheduled syncs', () => {
  let dir: string;
  let folder: string;
  let lore: Lore;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lore-sync-schedule-'));
    folder = await mkdtemp(join(tmpdir(), 'lore-sync-scheduled-folder-'));
    lore = await createLore({
      dataDir: dir,
      embedder: createTestEmbedder(),
      workerOptions: { pollMs: 50 },
      sourceOptions: { pollMs: 100 },
    });
    await lore.collections.create({ name: 'watched' });
  });
  afterAll(async () => {
    await lore.close();
    await rm(dir, { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
  });

  test('a source with intervalSeconds picks up new and deleted files with no sync asked for', async () => {
    const titles = async () =>
      (await lore.documents.list('watched')).map((document) => document.title).sort();
    const manual = await lore.sources.create({ collection: 'watched', path: folder });
    expect(manual.intervalSeconds).toBeNull();
    await lore.sources.delete(manual.id);
    await lore.sources.create({ collection: 'watched', path: folder, intervalSeconds: 1 });
    await writeFile(join(folder, 'apples.md'), apples);
    expect(await eventually(titles, (list) => list.includes('apples.md'))).toEqual(['apples.md']);
    await writeFile(join(folder, 'comets.md'), comets);
    await rm(join(folder, 'apples.md'));
    expect(await eventually(titles, (list) => list.length === 1 && list[0] === 'comets.md')).toEqual([
      'comets.md',
    ]);
    const hits = await eventually(
      () => lore.search({ collection: 'watched', query: 'comet tail sun', mode: 'keyword' }),
      (list) => list.length > 0,
    );
    expect(hits[0]?.title).toBe('comets.md');
  });
});
