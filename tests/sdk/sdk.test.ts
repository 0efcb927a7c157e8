import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLore, type Lore } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestEmbedder, createTestLanguageModel, createTestLore } from '../support/lore.js';
import { type LoreLike, loreBehaviour } from './lore-behaviour.js';

describe('the in-process SDK', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    // The shared suite asks for a supported citation: the quality model (SmolLM2 135M gave none).
    env = await createTestLore('pglite', { languageModel: createTestLanguageModel({ model: 'quality' }) });
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  loreBehaviour((): LoreLike => env.lore);

  test('ingest reads files by path; a missing path is BAD_REQUEST', async () => {
    await env.lore.collections.create({ name: 'paths' });
    const folder = await mkdtemp(join(tmpdir(), 'lore-sdk-files-'));
    const path = join(folder, 'comets.md');
    await writeFile(
      path,
      '# Comets\n\nA comet is a ball of ice and dust with a tail that points away from the sun.',
    );
    try {
      const { documents } = await env.lore.ingest({ collection: 'paths', documents: [{ path }], wait: true });
      expect(documents[0]).toMatchObject({
        title: 'comets.md',
        sourceKey: 'file:comets.md',
        status: 'indexed',
      });
      const [hit] = await env.lore.search({ collection: 'paths', query: 'ice and dust tail', topK: 1 });
      expect(hit?.title).toBe('comets.md');
      await expect(
        env.lore.ingest({ collection: 'paths', documents: [{ path: join(folder, 'missing.md') }] }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('an aborted wait rejects with ABORTED', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      env.lore.ingest({
        collection: 'paths',
        documents: [{ text: 'Aborted waits still enqueue the document.', title: 'Abort' }],
        wait: true,
        abortSignal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('two SDK instances in one process', () => {
  const folders: string[] = [];
  const instances: Lore[] = [];
  async function open(): Promise<Lore> {
    const dataDir = await mkdtemp(join(tmpdir(), 'lore-sdk-isolation-'));
    folders.push(dataDir);
    const lore = await createLore({
      dataDir,
      embedder: createTestEmbedder(),
      workerOptions: { pollMs: 100 },
    });
    instances.push(lore);
    return lore;
  }
  afterAll(async () => {
    for (const lore of instances) await lore.close();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  test('see neither each other’s collections, documents nor search results', async () => {
    const [first, second] = [await open(), await open()];
    await first.collections.create({ name: 'notes' });
    await second.collections.create({ name: 'notes' });
    await first.collections.create({ name: 'only-first' });
    await first.ingest({
      collection: 'notes',
      documents: [{ text: 'Volcanoes erupt molten lava and ash from the mantle.', title: 'Volcanoes' }],
      wait: true,
    });
    await second.ingest({
      collection: 'notes',
      documents: [{ text: 'Violins have four strings tuned in fifths.', title: 'Violins' }],
      wait: true,
    });

    expect((await first.collections.list()).map((item) => item.name).sort()).toEqual(['notes', 'only-first']);
    expect((await second.collections.list()).map((item) => item.name)).toEqual(['notes']);
    expect((await first.documents.list('notes')).map((document) => document.title)).toEqual(['Volcanoes']);
    expect((await second.documents.list('notes')).map((document) => document.title)).toEqual(['Violins']);

    const fromFirst = await first.search({ collection: 'notes', query: 'violin strings', topK: 5 });
    expect(fromFirst.map((result) => result.title)).toEqual(['Volcanoes']);
    const fromSecond = await second.search({ collection: 'notes', query: 'lava', mode: 'keyword', topK: 5 });
    expect(fromSecond).toEqual([]);

    await first.collections.delete('notes');
    expect((await second.documents.list('notes')).map((document) => document.title)).toEqual(['Violins']);
  });
});
