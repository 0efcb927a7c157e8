import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLore } from '@lore/core';
import { afterAll, expect, test } from 'vitest';
import { createTestEmbedder } from '../support/lore.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

test('lanceUri puts the vectors outside the data folder, and a reopened Lore finds them there', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lore-sdk-data-'));
  const lanceUri = await mkdtemp(join(tmpdir(), 'lore-sdk-lance-'));
  folders.push(dataDir, lanceUri);
  const open = () =>
    createLore({ dataDir, lanceUri, embedder: createTestEmbedder(), workerOptions: { pollMs: 100 } });

  const first = await open();
  await first.collections.create({ name: 'moved' });
  await first.ingest({
    collection: 'moved',
    documents: [{ text: 'Glaciers carve valleys into a U shape as they move.', title: 'Glaciers' }],
    wait: true,
  });
  await first.close();
  expect(existsSync(join(dataDir, 'lance'))).toBe(false);
  expect((await readdir(lanceUri)).length).toBeGreaterThan(0);

  const second = await open();
  try {
    const [hit] = await second.search({
      collection: 'moved',
      query: 'valleys shaped by ice',
      mode: 'vector',
      topK: 1,
    });
    expect(hit?.title).toBe('Glaciers');
  } finally {
    await second.close();
  }
});
