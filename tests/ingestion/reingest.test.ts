import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDatabase,
  createLanceVectorStore,
  createLoreFromServices,
  createPostgresChatStore,
  createPostgresMetadataStore,
  type Lore,
  type VectorStore,
} from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestEmbedder } from '../support/lore.js';

describe('re-ingesting', () => {
  let dataDir: string;
  let lore: Lore;
  let vectors: VectorStore;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lore-reingest-'));
    const database = await createDatabase({ dataDir: join(dataDir, 'pg') });
    vectors = await createLanceVectorStore({ uri: join(dataDir, 'lance') });
    lore = createLoreFromServices({
      metadata: createPostgresMetadataStore(database),
      chats: createPostgresChatStore(database),
      vectors,
      embedder: createTestEmbedder(),
      workerOptions: { pollMs: 50 },
    });
    await lore.collections.create({ name: 'docs' });
  });
  afterAll(async () => {
    await lore.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function chunkCounts(): Promise<Map<string, number>> {
    const collection = await lore.collections.get('docs');
    return vectors.countChunks({
      index: {
        collectionId: collection.id,
        embedderId: `${lore.embedder.provider}:${lore.embedder.modelId}`,
        dimensions: await lore.embedder.dimensions(),
      },
    });
  }

  const first = 'The lighthouse keeper logged every passing ship. Storms came from the west in October.';
  const second = 'The lighthouse was automated in 1990. Its lamp now runs on solar panels and batteries.';

  test('identical content is a no-op: same document, same chunks, nothing re-embedded', async () => {
    const once = await lore.ingest({
      collection: 'docs',
      documents: [{ text: first, key: 'lighthouse' }],
      wait: true,
    });
    const [document] = once.documents;
    expect(document?.status).toBe('indexed');
    const before = await chunkCounts();

    const twice = await lore.ingest({
      collection: 'docs',
      documents: [{ text: first, key: 'lighthouse' }],
      wait: true,
    });
    expect(twice.documents[0]).toMatchObject({
      id: document?.id,
      status: 'indexed',
      updatedAt: document?.updatedAt,
    });
    expect(twice.job.progress.total).toBe(0);
    expect(await chunkCounts()).toEqual(before);
    expect((await lore.documents.list('docs')).length).toBe(1);
  });

  test('changed content under the same key replaces the old chunks', async () => {
    const [original] = await lore.documents.list('docs');
    const changed = await lore.ingest({
      collection: 'docs',
      documents: [{ text: second, key: 'lighthouse' }],
      wait: true,
    });
    expect(changed.documents[0]).toMatchObject({ id: original?.id, status: 'indexed' });
    expect(await lore.documents.content(original?.id ?? '')).toBe(second);

    const old = await lore.search({ collection: 'docs', query: 'storms October', mode: 'keyword' });
    expect(old).toHaveLength(0);
    const fresh = await lore.search({ collection: 'docs', query: 'solar panels', mode: 'keyword' });
    expect(fresh[0]?.text).toContain('solar panels');
    const counts = await chunkCounts();
    expect([...counts.keys()]).toEqual([original?.id]);
    expect(counts.get(original?.id ?? '')).toBe(changed.documents[0]?.chunkCount);
  });
});
