import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createLanceVectorStore } from './lance-vector-store.js';
import { describeVectorStore } from './testing/vector-store-suite.js';

describeVectorStore('LanceDB in a temp folder', async () => {
  const uri = await mkdtemp(join(tmpdir(), 'lore-lance-'));
  let store = await createLanceVectorStore({ uri });
  return {
    get store() {
      return store;
    },
    reopen: async () => {
      await store.close();
      store = await createLanceVectorStore({ uri });
    },
    cleanup: async () => {
      await store.close();
      await rm(uri, { recursive: true, force: true });
    },
  };
});

test('chunks stay searchable by keyword once optimize() has folded them into the index', async () => {
  const uri = await mkdtemp(join(tmpdir(), 'lore-lance-'));
  const store = await createLanceVectorStore({ uri, optimizeAfterRows: 1 });
  const index = { collectionId: 'c1', embedderId: 'm', dimensions: 2 };
  const chunk = (documentId: string, text: string) => ({
    id: `${documentId}:0`,
    documentId,
    index: 0,
    text,
    vector: [1, 0],
    start: 0,
    end: text.length,
    page: null,
  });
  try {
    await store.replaceDocumentChunks({
      index,
      documentIds: ['a'],
      chunks: [chunk('a', '检索增强生成 retrieval')],
    });
    await store.replaceDocumentChunks({
      index,
      documentIds: ['b'],
      chunks: [chunk('b', '增强学习 reinforcement')],
    });
    await store.replaceDocumentChunks({
      index,
      documentIds: ['a'],
      chunks: [chunk('a', '生成模型 generation')],
    });
    const search = (query: string) => store.search({ index, mode: 'keyword', query, limit: 5 });
    expect((await search('增强')).map((hit) => hit.documentId)).toEqual(['b']);
    expect((await search('生成')).map((hit) => hit.documentId)).toEqual(['a']);
    expect(await search('retrieval')).toEqual([]);
  } finally {
    await store.close();
    await rm(uri, { recursive: true, force: true });
  }
});
