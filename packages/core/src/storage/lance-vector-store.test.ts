import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, Index } from '@lancedb/lancedb';
import { expect, test } from 'vitest';
import { searchColumn } from './lance/rows.js';
import { tableName } from './lance/table-name.js';
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

test('replaced and re-replaced chunks are searchable by keyword at once, old text gone', async () => {
  const uri = await mkdtemp(join(tmpdir(), 'lore-lance-'));
  const store = await createLanceVectorStore({ uri });
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

/** Seeded PRNG (mulberry32), so the generated collection is the same in every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const vocabularies = {
  chinese: [
    '检索',
    '生成',
    '模型',
    '向量',
    '数据库',
    '训练',
    '微调',
    '注意力',
    '编码器',
    '解码器',
    '分词',
    '嵌入',
    '推理',
    '量化',
    '语料',
  ],
  english: [
    'retrieval',
    'generation',
    'model',
    'vector',
    'database',
    'training',
    'tuning',
    'attention',
    'encoder',
    'decoder',
    'token',
    'embedding',
    'inference',
    'quantized',
    'corpus',
  ],
};

for (const [language, words] of Object.entries(vocabularies)) {
  test(`keyword top 10 after small writes, a replace and a delete equals a full index rebuild (${language})`, async () => {
    const uri = await mkdtemp(join(tmpdir(), 'lore-lance-'));
    const store = await createLanceVectorStore({ uri });
    const index = { collectionId: 'c1', embedderId: 'm', dimensions: 2 };
    const next = random(language.length);
    const separator = language === 'chinese' ? '' : ' ';
    const text = (count: number) =>
      Array.from({ length: count }, () => words[Math.floor(next() * words.length)]).join(separator);
    const chunksOf = (documentId: string) =>
      Array.from({ length: 3 }, (_, position) => {
        const body = text(5 + Math.floor(next() * 25));
        return {
          id: `${documentId}:${position}`,
          documentId,
          index: position,
          text: body,
          vector: [1, 0],
          start: 0,
          end: body.length,
          page: null,
        };
      });
    const queries = Array.from({ length: 12 }, () => text(2 + Math.floor(next() * 2)));
    // Scores to 4 places, and the ids of hits that score above the 10th: which of several hits tied at
    // the cut LanceDB keeps is arbitrary, the rest of the ranking is not.
    const top10 = async () =>
      Promise.all(
        queries.map(async (query) => {
          const hits = await store.search({ index, mode: 'keyword', query, limit: 10 });
          const cut = hits.at(-1)?.score.toFixed(4);
          return hits.map((hit) =>
            hit.score.toFixed(4) === cut ? cut : `${hit.chunkId} ${hit.score.toFixed(4)}`,
          );
        }),
      );
    try {
      // One document per commit, as uploads arrive; then a replacement and a deletion.
      for (let document = 0; document < 20; document++) {
        const id = `d${document}`;
        await store.replaceDocumentChunks({ index, documentIds: [id], chunks: chunksOf(id) });
      }
      await store.replaceDocumentChunks({ index, documentIds: ['d3'], chunks: chunksOf('d3') });
      await store.deleteDocuments({ collectionId: 'c1', documentIds: ['d7', 'd11'] });
      const incremental = await top10();
      expect(incremental.flat().some((hit) => hit?.startsWith('d7:'))).toBe(false);
      expect(incremental.every((hits) => hits.length > 0)).toBe(true);

      const table = await (await connect(uri)).openTable(tableName(index));
      await table.createIndex(searchColumn, { config: Index.fts(), replace: true });
      expect(incremental).toEqual(await top10());
      table.close();
    } finally {
      await store.close();
      await rm(uri, { recursive: true, force: true });
    }
  });
}
