/**
 * `npm run bench:ann [-- --sizes real,100000] [--kinds ivf-hnsw-sq,ivf-pq] [--refine 0,2,5,10] [--nprobes 10,20,40]`:
 * recall of the ANN vector index on real embeddings. SciFact abstracts, chunked at 128 tokens and embedded
 * with the default model (multilingual-e5-small q8), are written to a LanceDB store; the 300 SciFact test
 * queries (embedded with the query prefix) search it with 100 candidates, as Lore's retrievers ask. Exact
 * search (a store without an index, and LanceDB's flat scan with `bypassVectorIndex()` for the truth) is
 * timed first; then each index kind is built on the same table and each refine factor and nprobes is timed
 * (p50/p95 over the queries, 5 untimed first) with recall@10 and recall@100 against the flat scan.
 *
 * Sizes past the real chunk count are made of the real vectors plus noisy copies (see `scaledCorpus`): a
 * stand-in for a larger real corpus, said as such in the output. Vectors are cached (`--cache`), so only the
 * first run embeds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@lancedb/lancedb';
import { createLanceVectorStore, type VectorStore } from '@lore/core';
import { loadRealVectors, scaledCorpus } from './real-vectors.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'real,100000' },
    kinds: { type: 'string', default: 'ivf-hnsw-sq,ivf-pq' },
    refine: { type: 'string', default: '0,2,5,10' },
    nprobes: { type: 'string', default: '10,20,40' },
    'embed-only': { type: 'boolean', default: false },
    'embed-seconds': { type: 'string', default: '900' },
    cache: { type: 'string', default: join(tmpdir(), 'lore-ann-scifact-e5-q8') },
    dataset: { type: 'string', default: resolve(import.meta.dirname, '../../../shared/data/scifact') },
  },
});
const list = (value: string) => value.split(',').filter(Boolean);

const real = await loadRealVectors({
  dataset: values.dataset,
  modelsDir: process.env.LORE_TEST_QUANTIZED_MODELS_DIR ?? process.env.LORE_MODELS_DIR ?? '',
  model: 'Xenova/multilingual-e5-small',
  cache: values.cache,
  maxSeconds: Number(values['embed-seconds']),
});
const { dimensions } = real;
console.log(
  `bench:ann: ${real.chunks.length} real chunks (SciFact, 128 tokens) and ${real.queries.length} queries, ${real.model} ${dimensions}-d, 100 candidates per search`,
);
if (values['embed-only']) process.exit(0);

const row = (vectors: Float32Array, position: number) =>
  vectors.subarray(position * dimensions, (position + 1) * dimensions);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const { neighbourCosine, sigma, chunkAt } = scaledCorpus(real);

const index = { collectionId: 'ann', embedderId: real.model, dimensions };
const queryVectors = real.queries.map((_, position) => Array.from(row(real.queryVectors, position)));

/** Times 100-candidate vector searches through `store`; returns p50/p95 and each query's hit ids. */
async function timeSearches(store: VectorStore) {
  for (const vector of queryVectors.slice(0, 5))
    await store.search({ index, mode: 'vector', vector, limit: 100 });
  const times: number[] = [];
  const hits: string[][] = [];
  for (const vector of queryVectors) {
    const begin = performance.now();
    const found = await store.search({ index, mode: 'vector', vector, limit: 100 });
    times.push(performance.now() - begin);
    hits.push(found.map((hit) => hit.chunkId));
  }
  const sorted = times.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), hits };
}

/** Share of the truth's first `k` ids among the first `k` hits, over all queries. */
function recall(hits: string[][], truth: string[][], k: number): number {
  let found = 0;
  let wanted = 0;
  hits.forEach((ids, query) => {
    const expected = new Set((truth[query] ?? []).slice(0, k));
    // The documents written to build each index are not in the truth; they do not count as hits.
    const own = ids.filter((id) => !id.startsWith('build-'));
    found += own.slice(0, k).filter((id) => expected.has(id)).length;
    wanted += expected.size;
  });
  return found / wanted;
}

const ms = (value: number) => value.toFixed(1).padStart(6);

for (const sizeName of list(values.sizes)) {
  const size = sizeName === 'real' ? real.chunks.length : Number(sizeName);
  const uri = await mkdtemp(join(tmpdir(), 'lore-bench-ann-'));
  try {
    const writer = await createLanceVectorStore({ uri, vectorIndex: false });
    const buildStarted = performance.now();
    for (let start = 0; start < size; start += 10_000) {
      const chunks = Array.from({ length: Math.min(10_000, size - start) }, (_, offset) =>
        chunkAt(start + offset),
      );
      await writer.replaceDocumentChunks({
        index,
        documentIds: [...new Set(chunks.map((chunk) => chunk.documentId))],
        chunks,
      });
    }
    const connection = await connect(uri);
    const [name] = await connection.tableNames();
    const table = await connection.openTable(name ?? '');
    console.log(
      `\n${await table.countRows()} rows${size > real.chunks.length ? `: ${real.chunks.length} real, the rest noisy copies (noise sigma ${sigma.toFixed(4)}/coordinate: copy-original cosine ~${neighbourCosine.toFixed(3)}, the median real nearest-neighbour cosine)` : ' (all real)'}; written in ${((performance.now() - buildStarted) / 1000).toFixed(0)} s`,
    );

    // The truth: LanceDB's flat scan, whatever index the table has.
    const truth: string[][] = [];
    for (const vector of queryVectors) {
      const rows = await table
        .vectorSearch(vector)
        .distanceType('cosine')
        .bypassVectorIndex()
        .select(['id', '_distance'])
        .limit(100)
        .toArray();
      truth.push(rows.map((entry) => String(entry.id)));
    }
    const exact = await timeSearches(writer);
    await writer.close();
    console.log('kind          nprobes  refine  p50 ms  p95 ms  recall@10  recall@100');
    console.log(
      `exact (no index)              ${ms(exact.p50)}  ${ms(exact.p95)}  ${recall(exact.hits, truth, 10).toFixed(3).padStart(9)}  ${recall(exact.hits, truth, 100).toFixed(3).padStart(10)}`,
    );

    for (const kind of list(values.kinds) as ('ivf-pq' | 'ivf-hnsw-sq')[]) {
      if ((await table.listIndices()).some((entry) => entry.name === 'vector_idx'))
        await table.dropIndex('vector_idx');
      // One more document through a store whose threshold is 1 row: the refresh after it builds the index.
      const builder = await createLanceVectorStore({ uri, vectorIndex: { kind, minRows: 1 } });
      const extra = { ...chunkAt(0), id: `build-${kind}:0`, documentId: `build-${kind}` };
      const started = performance.now();
      await builder.replaceDocumentChunks({ index, documentIds: [extra.documentId], chunks: [extra] });
      console.log(`${kind}: index built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await builder.close();
      // IVF-HNSW-SQ has one partition per 500k rows, so below that nprobes changes nothing.
      const probes = kind === 'ivf-hnsw-sq' && size <= 500_000 ? ['1'] : list(values.nprobes);
      for (const nprobes of probes) {
        for (const refineFactor of list(values.refine).map(Number)) {
          const store = await createLanceVectorStore({
            uri,
            vectorIndex: { kind, refineFactor, nprobes: Number(nprobes) },
          });
          const timed = await timeSearches(store);
          await store.close();
          console.log(
            `${kind.padEnd(13)} ${nprobes.padStart(7)}  ${String(refineFactor).padStart(6)}  ${ms(timed.p50)}  ${ms(timed.p95)}  ${recall(timed.hits, truth, 10).toFixed(3).padStart(9)}  ${recall(timed.hits, truth, 100).toFixed(3).padStart(10)}`,
          );
        }
      }
    }
    table.close();
  } finally {
    await rm(uri, { recursive: true, force: true });
  }
}
