import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, createLanceVectorStore, createPostgresMetadataStore } from '@lore/core';
import { createCollections, createFusionProfiles, createRetrieval } from '@lore/core/internal';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestEmbedder } from '../support/lore.js';

let folder: string;
let close: () => Promise<void>;
let parts: ReturnType<typeof wire>;

function wire(stores: Parameters<typeof createFusionProfiles>[0]) {
  const fusion = createFusionProfiles(stores);
  const retrieval = createRetrieval({ ...stores, fusion });
  return { fusion, retrieval, collections: createCollections({ ...stores, retrieval }) };
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'lore-fusion-cache-'));
  const metadata = createPostgresMetadataStore(await createDatabase({ dataDir: join(folder, 'pg') }));
  const vectors = await createLanceVectorStore({ uri: join(folder, 'lance') });
  const embedder = createTestEmbedder();
  parts = wire({ metadata, vectors, embedder });
  close = async () => {
    await embedder.close();
    await vectors.close();
    await metadata.close();
  };
});

afterAll(async () => {
  await close?.();
  await rm(folder, { recursive: true, force: true });
});

test('deleting a collection drops its fusion weights', async () => {
  const { fusion, retrieval, collections } = parts;
  const collection = await collections.create({ name: 'short-lived' });
  await retrieval.search(collection, { query: 'anything at all', mode: 'hybrid' });
  expect(fusion.has(collection.id)).toBe(true);

  await collections.delete('short-lived');
  expect(fusion.has(collection.id)).toBe(false);
});
