/**
 * `npm run bench:scale [-- --sizes 10000,100000] [--queries 50] [--batch 2000]`: one collection grown to
 * each size through the SDK (createLoreFromServices with PGlite and LanceDB in a temp folder), with SciFact
 * abstracts copied with a marker and a stand-in embedder (deterministic random unit vectors keyed by the
 * text's hash), so the storage is measured, not the model. At each size: ingest chunks/s of the growth to
 * it, peak RSS, and serial p50/p95 of vector, keyword, hybrid and a filtered hybrid search (10% of the
 * documents by metadata), and recall@10 of the store's vector search against exact search (LanceDB's flat
 * scan, bypassing the index) for the same query vectors. `--sizes 1000000` on request. `--baseline` runs the
 * store as it was before the ANN index (exact search, a commit check on every read); `--index ivf-pq`
 * picks IVF-PQ instead of IVF-HNSW-SQ, `--ann-min-rows` moves the threshold, `--max-segments` the index segments
 * kept before a rebuild (a large number keeps every delta, as before the bound). `--compare` then, at the last
 * size, builds each index kind on the same table (through a second store) and prints its build time and,
 * per refine factor, vector search p50/p95 (100 candidates, as Lore asks for) and recall@10 against exact.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@lancedb/lancedb';
import {
  createDatabase,
  createLanceVectorStore,
  createLoreFromServices,
  createPostgresChatStore,
  createPostgresMetadataStore,
  type Embedder,
  type RetrievalMode,
  type SearchFilter,
  type VectorStore,
} from '@lore/core';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    queries: { type: 'string', default: '50' },
    /** Documents per `ingest` call. */
    batch: { type: 'string', default: '2000' },
    dimensions: { type: 'string', default: '384' },
    baseline: { type: 'boolean', default: false },
    compare: { type: 'boolean', default: false },
    index: { type: 'string' },
    'ann-min-rows': { type: 'string' },
    refine: { type: 'string' },
    'max-segments': { type: 'string' },
    /** A folder: the timed hybrid searches at each size are CPU-profiled into it, and the top functions printed. */
    profile: { type: 'string' },
    /** Keep the data folder (PGlite and LanceDB) for probing after the run; its path is printed. */
    keep: { type: 'boolean', default: false },
    dataset: { type: 'string', default: resolve(import.meta.dirname, '../../../shared/data/scifact') },
  },
});
const sizes = values.sizes.split(',').map(Number);
const dimensions = Number(values.dimensions);

const jsonl = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { _id: string; title?: string; text: string });
const corpus = await jsonl(join(values.dataset, 'corpus.jsonl'));
const queries = (await jsonl(join(values.dataset, 'queries.test.jsonl')))
  .slice(0, Number(values.queries))
  .map((query) => query.text);

/** A unit vector drawn from a generator seeded by the text's hash: the same text, the same vector. */
function standInVector(text: string): number[] {
  const seed = createHash('sha256').update(text).digest();
  let state = seed.readUInt32LE(0) || 1;
  const next = () => {
    // xorshift32, mapped to (0, 1)
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 1) / 4294967297;
  };
  const vector = Array.from({ length: dimensions }, () => {
    // Box-Muller: normal coordinates give directions uniform on the sphere.
    return Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  });
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

const embedder: Embedder = {
  provider: 'bench',
  modelId: `stand-in-random-${dimensions}`,
  dimensions: async () => dimensions,
  embed: async ({ values: texts }) => ({ embeddings: texts.map(standInVector) }),
  // Words as tokens; 128 per chunk gives SciFact abstracts two or three chunks, as e5's 512 tokens do.
  tokenizer: async () => ({ count: (text) => text.split(/\s+/).filter(Boolean).length, maxTokens: 128 }),
  close: async () => {},
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const dataDir = await mkdtemp(join(tmpdir(), 'lore-bench-scale-'));
const database = await createDatabase({ dataDir: join(dataDir, 'pg') });
const lanceUri = join(dataDir, 'lance');
const kind = values.index as 'ivf-pq' | 'ivf-hnsw-sq' | undefined;
const vectors = await createLanceVectorStore({
  uri: lanceUri,
  ...(values.baseline
    ? { vectorIndex: false, readConsistencyIntervalMs: 0 }
    : {
        vectorIndex: {
          ...(kind ? { kind } : {}),
          ...(values['ann-min-rows'] ? { minRows: Number(values['ann-min-rows']) } : {}),
          ...(values.refine ? { refineFactor: Number(values.refine) } : {}),
          ...(values['max-segments'] ? { maxSegments: Number(values['max-segments']) } : {}),
        },
      }),
});
/** The collection's one table, read through a connection of the bench's own. */
async function openTable() {
  const connection = await connect(lanceUri);
  const [name] = await connection.tableNames();
  return connection.openTable(name ?? '');
}
const lore = await createLoreFromServices({
  metadata: createPostgresMetadataStore(database),
  vectors,
  chats: createPostgresChatStore(database),
  embedder,
});

/** Share of exact search's 10 nearest chunks among the first 10 of `store`'s vector search, over the queries. */
async function recallAt10(store: VectorStore = vectors, limit = 10): Promise<number> {
  const table = await openTable();
  const [collection] = await lore.collections.list();
  const index = {
    collectionId: collection?.id ?? '',
    embedderId: `${embedder.provider}:${embedder.modelId}`,
    dimensions,
  };
  const { embeddings } = await embedder.embed({ values: queries, kind: 'query' });
  let found = 0;
  for (const vector of embeddings) {
    const hits = (await store.search({ index, mode: 'vector', vector, limit })).slice(0, 10);
    const exact = await table
      .vectorSearch(vector)
      .distanceType('cosine')
      .bypassVectorIndex()
      .select(['id', '_distance'])
      .limit(10)
      .toArray();
    const expected = new Set(exact.map((row) => String(row.id)));
    found += hits.filter((hit) => expected.has(hit.chunkId)).length;
  }
  table.close();
  return found / (embeddings.length * 10);
}

try {
  await lore.collections.create({ name: 'scale' });
  console.log(
    `bench:scale: ${values.baseline ? 'baseline (exact search, commit check per read)' : `ANN ${kind ?? 'default (ivf-hnsw-sq)'} from ${values['ann-min-rows'] ?? '20000 (the default)'} rows`}, SciFact (${corpus.length} abstracts, copied with a marker), stand-in embedder ${dimensions}-d, ${queries.length} queries per mode`,
  );
  console.log(
    'chunks    docs     ingest/s  peak RSS   vector p50/p95   keyword p50/p95  hybrid p50/p95   filtered p50/p95  recall@10',
  );
  let chunks = 0;
  let documents = 0;
  let indexed = false;
  const callTimes: number[] = [];
  for (const size of sizes) {
    const started = performance.now();
    const grownFrom = chunks;
    while (chunks < size) {
      // About as many documents as the size still needs (3.3 chunks each), at most --batch per call.
      const wanted = Math.ceil((size - chunks) / (documents > 0 ? chunks / documents : 3.3));
      const batch = Array.from(
        { length: Math.max(1, Math.min(Number(values.batch), wanted)) },
        (_, offset) => {
          const position = documents + offset;
          const source = corpus[position % corpus.length] as (typeof corpus)[number];
          const copy = Math.floor(position / corpus.length);
          return {
            key: `${copy}-${source._id}`,
            title: source.title ?? source._id,
            text: `[copy ${copy}] ${source.title ?? ''}\n\n${source.text}`,
            metadata: { shard: `s${position % 10}` },
          };
        },
      );
      const callStarted = performance.now();
      const result = await lore.ingest({ collection: 'scale', documents: batch, wait: true });
      const callMs = performance.now() - callStarted;
      const failed = result.documents.filter((document) => document.status !== 'indexed');
      if (failed.length > 0) throw new Error(`${failed.length} documents failed: ${failed[0]?.error}`);
      chunks += result.documents.reduce((sum, document) => sum + document.chunkCount, 0);
      documents += batch.length;
      if (!indexed && !values.baseline) {
        const table = await openTable();
        const vectorIndex = (await table.listIndices()).find((entry) => entry.columns.includes('vector'));
        table.close();
        if (vectorIndex) {
          indexed = true;
          const typical = [...callTimes].sort((a, b) => a - b)[Math.floor(callTimes.length / 2)] ?? 0;
          console.log(
            `  ${vectorIndex.indexType} index appeared during the ingest call that reached ${chunks} chunks: that call took ${(callMs / 1000).toFixed(1)} s, the median call before it ${(typical / 1000).toFixed(1)} s (${batch.length} documents per call)`,
          );
        }
      }
      callTimes.push(callMs);
    }
    const ingestRate = (chunks - grownFrom) / ((performance.now() - started) / 1000);

    const timeMode = async (mode: RetrievalMode, filter?: SearchFilter, profile?: string) => {
      // Five untimed queries first, so the files the mode reads are in the page cache.
      for (const query of queries.slice(0, 5)) {
        await lore.search({ collection: 'scale', query, mode, topK: 10, ...(filter ? { filter } : {}) });
      }
      const times: number[] = [];
      const session = profile ? await startProfile() : undefined;
      const cpuBefore = process.cpuUsage();
      for (const query of queries) {
        const begin = performance.now();
        const results = await lore.search({
          collection: 'scale',
          query,
          mode,
          topK: 10,
          ...(filter ? { filter } : {}),
        });
        times.push(performance.now() - begin);
        if (results.length === 0 && mode !== 'keyword') throw new Error(`no ${mode} results for "${query}"`);
      }
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000 / queries.length;
      cpuPerSearch.push(`${filter ? 'filtered' : mode} ${cpuMs.toFixed(1)}`);
      if (session && profile) await stopProfile(session, profile, cpuMs);
      const sorted = times.sort((a, b) => a - b);
      return `${percentile(sorted, 50).toFixed(1)}/${percentile(sorted, 95).toFixed(1)} ms`.padEnd(17);
    };
    const cpuPerSearch: string[] = [];
    // The first hybrid search calibrates the collection's fusion weights; it is not timed.
    await lore.search({ collection: 'scale', query: queries[0] ?? 'x', mode: 'hybrid' });
    const vector = await timeMode('vector');
    const keyword = await timeMode('keyword');
    const hybrid = await timeMode(
      'hybrid',
      undefined,
      values.profile ? join(values.profile, `hybrid-${size}.cpuprofile`) : undefined,
    );
    const filtered = await timeMode('hybrid', { metadata: { shard: 's3' } });
    const recall = await recallAt10();
    const rss = `${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB`;
    console.log(
      `${String(chunks).padEnd(9)} ${String(documents).padEnd(8)} ${ingestRate.toFixed(0).padStart(8)}  ${rss.padEnd(9)}  ${vector}${keyword}${hybrid}${filtered} ${recall.toFixed(3)}`,
    );
    console.log(
      `  CPU ms per search, all threads (LanceDB's native work included): ${cpuPerSearch.join(', ')}`,
    );
  }
  if (values.compare) await compareIndexes();
} finally {
  await lore.close();
  if (values.keep) console.log(`data folder kept: ${dataDir}`);
  else await rm(dataDir, { recursive: true, force: true });
}

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return session;
}

/**
 * Writes the profile and prints the CPU time per search (every thread: LanceDB's native work included)
 * beside the main thread's JavaScript self time per search, by function, for the top 15.
 */
async function stopProfile(session: Session, file: string, cpuMsPerSearch: number): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, JSON.stringify(profile));
  const interval = (profile.endTime - profile.startTime) / 1000 / (profile.samples?.length || 1);
  const hits = new Map<number, number>();
  for (const id of profile.samples ?? []) hits.set(id, (hits.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (hits.get(node.id) ?? 0) * interval);
  }
  console.log(
    `  hybrid: ${cpuMsPerSearch.toFixed(1)} CPU ms per search (all threads); main-thread self time per search:`,
  );
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`    ${(ms / queries.length).toFixed(2).padStart(7)} ms  ${key}`);
  console.log(`  profile: ${file}`);
}

/** Builds each index kind on the collection's table in turn and times vector search at several refine factors. */
async function compareIndexes() {
  const [collection] = await lore.collections.list();
  const index = {
    collectionId: collection?.id ?? '',
    embedderId: `${embedder.provider}:${embedder.modelId}`,
    dimensions,
  };
  const { embeddings } = await embedder.embed({ values: queries, kind: 'query' });
  const timeVector = async (store: VectorStore) => {
    for (const vector of embeddings.slice(0, 5))
      await store.search({ index, mode: 'vector', vector, limit: 100 });
    const times: number[] = [];
    for (const vector of embeddings) {
      const begin = performance.now();
      await store.search({ index, mode: 'vector', vector, limit: 100 });
      times.push(performance.now() - begin);
    }
    const sorted = times.sort((a, b) => a - b);
    return `${percentile(sorted, 50).toFixed(1)}/${percentile(sorted, 95).toFixed(1)} ms`;
  };
  // `vectorIndex: false` bypasses the index the table already has, so this is the flat scan.
  const exact = await createLanceVectorStore({ uri: lanceUri, vectorIndex: false });
  console.log(
    `compare at ${await (await openTable()).countRows()} rows: exact vector search (100 candidates) ${await timeVector(exact)}`,
  );
  await exact.close();
  for (const kind of ['ivf-pq', 'ivf-hnsw-sq'] as const) {
    const table = await openTable();
    if ((await table.listIndices()).some((entry) => entry.name === 'vector_idx'))
      await table.dropIndex('vector_idx');
    table.close();
    // One new document written through a store whose threshold is 1 row: its refresh builds the index.
    const builder = await createLanceVectorStore({ uri: lanceUri, vectorIndex: { kind, minRows: 1 } });
    const text = `compare ${kind}`;
    const started = performance.now();
    await builder.replaceDocumentChunks({
      index,
      documentIds: [text],
      chunks: [
        {
          id: `${text}:0`,
          documentId: text,
          index: 0,
          text,
          vector: standInVector(text),
          start: 0,
          end: text.length,
          page: null,
        },
      ],
    });
    console.log(
      `  ${kind}: one-document write with optimize and index build ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await builder.close();
    for (const refineFactor of [0, 2, 5, 10]) {
      const store = await createLanceVectorStore({ uri: lanceUri, vectorIndex: { kind, refineFactor } });
      const timing = await timeVector(store);
      const recall = await recallAt10(store, 100);
      console.log(
        `    refine ${String(refineFactor).padEnd(2)}  vector p50/p95 ${timing.padEnd(18)} recall@10 ${recall.toFixed(3)}`,
      );
      await store.close();
    }
  }
}
