/**
 * `npm run bench:keyword-index [-- --sizes 1000,30000,300000]`: what keeping LanceDB's full-text index
 * current costs per write at each table size, through Lore's vector store (every write is followed by
 * `optimize()`), against rebuilding the index from scratch. Rows are SciFact abstracts in 60-word chunks,
 * copied with a marker to reach the size; vectors are 8 random floats (embedding is not measured here).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, Index } from '@lancedb/lancedb';
import { createLanceVectorStore } from '@lore/core';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,30000,300000' },
    corpus: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../../shared/data/scifact/corpus.jsonl'),
    },
  },
});
const sizes = values.sizes.split(',').map(Number);
const documents = (await readFile(values.corpus, 'utf8'))
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { _id: string; title: string; text: string });

/** Chunks of `count` rows, as documents of one chunk per 60 words, copied with a marker when needed. */
function chunksFor(count: number, offset = 0) {
  const chunks = [];
  for (let copy = 0; chunks.length < count; copy++) {
    for (const document of documents) {
      const words = `${document.title} ${document.text}`.split(/\s+/);
      for (let start = 0; start < words.length && chunks.length < count; start += 60) {
        const text = words.slice(start, start + 60).join(' ');
        const documentId = `${offset}-${copy}-${document._id}`;
        chunks.push({
          id: `${documentId}:${start}`,
          documentId,
          index: start / 60,
          text,
          vector: Array.from({ length: 8 }, Math.random),
          start: 0,
          end: text.length,
          page: null,
        });
      }
      if (chunks.length >= count) break;
    }
  }
  return chunks;
}

console.log('rows     small write + refresh  delete + refresh  full index rebuild  bulk rows/s');
for (const size of sizes) {
  const uri = await mkdtemp(join(tmpdir(), 'lore-bench-fts-'));
  const store = await createLanceVectorStore({ uri });
  const index = { collectionId: 'bench', embedderId: 'random', dimensions: 8 };
  try {
    const rows = chunksFor(size);
    const bulkStarted = performance.now();
    for (let start = 0; start < rows.length; start += 20_000) {
      const batch = rows.slice(start, start + 20_000);
      await store.replaceDocumentChunks({
        index,
        documentIds: [...new Set(batch.map((chunk) => chunk.documentId))],
        chunks: batch,
      });
    }
    const bulkRate = size / ((performance.now() - bulkStarted) / 1000);
    const writes: number[] = [];
    const deletes: number[] = [];
    for (let round = 0; round < 3; round++) {
      const small = chunksFor(5, 1 + round);
      let started = performance.now();
      await store.replaceDocumentChunks({
        index,
        documentIds: [...new Set(small.map((chunk) => chunk.documentId))],
        chunks: small,
      });
      writes.push(performance.now() - started);
      started = performance.now();
      await store.deleteDocuments({
        collectionId: 'bench',
        documentIds: [rows[round * 100]?.documentId ?? ''],
      });
      deletes.push(performance.now() - started);
    }
    const [name] = await (await connect(uri)).tableNames();
    const table = await (await connect(uri)).openTable(name ?? '');
    const rebuildStarted = performance.now();
    await table.createIndex('search_text', { config: Index.fts(), replace: true });
    const rebuild = performance.now() - rebuildStarted;
    table.close();
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
    console.log(
      `${String(size).padEnd(8)} ${`${median(writes).toFixed(0)} ms`.padStart(21)}  ${`${median(deletes).toFixed(0)} ms`.padStart(16)}  ${`${rebuild.toFixed(0)} ms`.padStart(18)}  ${bulkRate.toFixed(0).padStart(11)}`,
    );
  } finally {
    await store.close();
    await rm(uri, { recursive: true, force: true });
  }
}
