import { connect, Index, MatchQuery, type Table } from '@lancedb/lancedb';
import { LoreError, throwIfAborted } from '../errors.js';
import type { IndexRef, VectorSearchHit, VectorSearchOptions, VectorStore } from '../spec/vector-store.js';
import { toQueryText } from './lance/cjk.js';
import { chunkSchema, hitColumns, searchColumn, toArrowTable, toHit, toRow } from './lance/rows.js';
import { collectionPrefix, documentFilter, tableName } from './lance/table-name.js';
import {
  boundVectorIndexSegments,
  ensureVectorIndex,
  tuneVectorQuery,
  type VectorIndexOptions,
  vectorIndexSettings,
} from './lance/vector-index.js';
import { createWriteQueue } from './lance/write-queue.js';

export interface CreateLanceVectorStoreOptions {
  /** A folder (or object-store URI) holding one LanceDB table per collection and embedding model. */
  uri: string;
  /** How long replaced table versions stay readable for other processes before cleanup (default 10 minutes). */
  keepVersionsMs?: number;
  /**
   * The ANN index a table gets once it holds `minRows` rows (IVF-HNSW-SQ, refined); without `minRows` no index
   * is built; with `false` every search is exact, even over a table that another store indexed.
   */
  vectorIndex?: VectorIndexOptions | false;
  /**
   * How stale a read may be, in milliseconds, before it checks the table for commits by other processes
   * (default 1000; 0 checks on every read). This process always sees its own writes at once.
   */
  readConsistencyIntervalMs?: number;
}

const ftsIndexName = `${searchColumn}_idx`;

/** Opens a LanceDB `VectorStore`: cosine vector search and BM25 keyword search (CJK-aware) per index. */
export async function createLanceVectorStore(options: CreateLanceVectorStoreOptions): Promise<VectorStore> {
  const keepVersionsMs = options.keepVersionsMs ?? 10 * 60_000;
  const vectorIndex = options.vectorIndex === false ? null : vectorIndexSettings(options.vectorIndex);
  // Reads see other processes' commits (a worker's, another API's) within the interval; a check on every
  // read costs each query a look at the table's latest version. A table handle sees its own writes at once.
  const readConsistencyInterval = (options.readConsistencyIntervalMs ?? 1000) / 1000;
  const connection = await guard(`open LanceDB at ${options.uri}`, () =>
    connect(options.uri, { readConsistencyInterval }),
  );
  const tables = new Map<string, Promise<Table>>();
  const queue = createWriteQueue();
  /** Per table, the index refresh that is queued and not yet started: later writes share it. */
  const refreshes = new Map<string, Promise<void>>();

  /** Caches the in-flight open and forgets it when it fails. */
  function remember(name: string, opening: Promise<Table>): Promise<Table> {
    tables.set(name, opening);
    opening.catch(() => tables.delete(name));
    return opening;
  }

  async function tableNames(): Promise<string[]> {
    const names: string[] = [];
    for (;;) {
      const last = names.at(-1);
      const page = await connection.tableNames({ limit: 1000, ...(last ? { startAfter: last } : {}) });
      names.push(...page);
      if (page.length < 1000) return names;
    }
  }

  async function openExisting(name: string): Promise<Table | null> {
    const cached = tables.get(name);
    if (cached) return cached;
    if (!(await tableNames()).includes(name)) return null;
    return remember(name, connection.openTable(name));
  }

  function openForWrite(name: string, dimensions: number): Promise<Table> {
    const cached = tables.get(name);
    if (cached) return cached;
    const opening = (async () => {
      const table = await connection.createEmptyTable(name, chunkSchema(dimensions), {
        mode: 'create',
        existOk: true,
      });
      const indices = await table.listIndices();
      if (!indices.some((index) => index.columns.includes(searchColumn))) {
        // Built on the empty table; every write then folds its rows in (refreshIndex).
        await table.createIndex(searchColumn, { config: Index.fts(), name: ftsIndexName, replace: true });
      }
      return table;
    })();
    return remember(name, opening);
  }

  /**
   * Folds every committed row and deletion into the full-text index, so BM25 scores use the table's
   * real statistics: LanceDB scans rows the index lacks with the index's own statistics, which ranks a
   * small, never-optimized collection almost at random (lance-format/lance#5062). `optimize()` updates
   * the index incrementally and gives the same scores as a rebuild; it also compacts the table, rewriting
   * fragments under a million rows, so its cost grows with the table (25 ms at 1k rows, 150 ms at 30k,
   * 0.6 s at 300k; a full index rebuild 42 ms, 0.9 s, 8.7 s). Writes queued meanwhile share one refresh,
   * and each write resolves only after a refresh that covers it, so a document is never reported indexed
   * before its keyword index is current. The refresh after a write also builds the vector index once the
   * table passes `vectorIndex.minRows` (a one-time cost that write waits for); later rows are folded into
   * it by the same `optimize()`, and searched exactly until then.
   */
  function refreshIndex(name: string, dimensions?: number): Promise<void> {
    const queued = refreshes.get(name);
    if (queued) return queued;
    const refresh = queue.run(name, () => {
      refreshes.delete(name);
      return guard(`refresh the full-text index of ${name}`, async () => {
        const table = await openExisting(name);
        if (!table) return;
        await table.optimize({ cleanupOlderThan: new Date(Date.now() - keepVersionsMs) });
        if (vectorIndex && dimensions && !(await ensureVectorIndex(table, vectorIndex, dimensions)))
          await boundVectorIndexSegments(table, vectorIndex, dimensions);
      });
    });
    refreshes.set(name, refresh);
    return refresh;
  }

  async function collectionTables(collectionId: string): Promise<string[]> {
    const prefix = collectionPrefix(collectionId);
    return (await tableNames()).filter((name) => name.startsWith(prefix));
  }

  async function search(options: VectorSearchOptions): Promise<VectorSearchHit[]> {
    const { index, limit, documentIds } = options;
    const name = tableName(index);
    if (limit < 1 || documentIds?.length === 0) return [];
    const table = await openExisting(name);
    if (!table) return [];
    const filter = documentIds ? documentFilter(documentIds) : undefined;

    if (options.mode === 'vector') {
      const vector = options.vector;
      if (!vector || vector.length !== index.dimensions) {
        throw new LoreError(
          'BAD_REQUEST',
          `Vector search needs a ${index.dimensions}-dimensional \`vector\` (got ${vector?.length ?? 'none'}): embed the query with ${index.embedderId}.`,
        );
      }
      let query = table
        .vectorSearch(vector)
        .distanceType('cosine')
        .select([...hitColumns, '_distance'])
        .limit(limit);
      // `vectorIndex: false` means exact search even where the table has an index (built by another store).
      query = vectorIndex ? tuneVectorQuery(query, vectorIndex, limit) : query.bypassVectorIndex();
      if (filter) query = query.where(filter);
      const rows = await query.toArray();
      // Cosine distance is 1 − cosine similarity; report the similarity (higher is better).
      return rows.map((row) => toHit(row, 1 - Number(row._distance))).sort(byScoreThenId);
    }

    if (options.query === undefined) {
      throw new LoreError('BAD_REQUEST', 'Keyword search needs a `query` string.');
    }
    const text = toQueryText(options.query).trim();
    if (!text) return [];
    let query = table
      .query()
      .fullTextSearch(new MatchQuery(text, searchColumn))
      .select([...hitColumns, '_score'])
      .limit(limit);
    if (filter) query = query.where(filter);
    const rows = await query.toArray();
    return rows.map((row) => toHit(row, Number(row._score))).sort(byScoreThenId);
  }

  return {
    provider: 'lancedb',

    async replaceDocumentChunks({ index, documentIds, chunks }) {
      const name = tableName(index);
      const ids = new Set(documentIds);
      const rows = chunks.map((chunk) => toRow(chunk, index.dimensions, ids));
      if (new Set(rows.map((row) => row.id)).size !== rows.length) {
        throw new LoreError(
          'BAD_REQUEST',
          'Chunk ids must be unique within one replace: derive them from the position.',
        );
      }
      if (ids.size === 0) return;
      await queue.run(name, () =>
        guard(`replace chunks in ${name}`, async () => {
          const table = await openForWrite(name, index.dimensions);
          // One commit: upsert the new chunks and delete the documents' chunks that are not among them.
          await table
            .mergeInsert('id')
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .whenNotMatchedBySourceDelete({ where: documentFilter([...ids]) })
            .execute(toArrowTable(rows, index.dimensions));
        }),
      );
      await refreshIndex(name, index.dimensions);
    },

    async deleteDocuments({ collectionId, documentIds }) {
      if (documentIds.length === 0) return;
      const names = await guard('list LanceDB tables', () => collectionTables(collectionId));
      await Promise.all(
        names.map(async (name) => {
          await queue.run(name, () =>
            guard(`delete documents from ${name}`, async () => {
              await (await openExisting(name))?.delete(documentFilter(documentIds));
            }),
          );
          await refreshIndex(name);
        }),
      );
    },

    async collectionIds() {
      const names = await guard('list LanceDB tables', tableNames);
      return [...new Set(names.map((name) => name.split('__')[0] ?? name))];
    },

    async dropCollection({ collectionId }) {
      const names = await guard('list LanceDB tables', () => collectionTables(collectionId));
      await Promise.all(
        names.map((name) =>
          queue.run(name, () =>
            guard(`drop ${name}`, async () => {
              const cached = tables.get(name);
              tables.delete(name);
              (await cached?.catch(() => null))?.close();
              await connection.dropTable(name);
            }),
          ),
        ),
      );
    },

    async search(options) {
      throwIfAborted(options.abortSignal);
      const hits = await raceAbort(
        guard(`search ${tableName(options.index)}`, () => search(options)),
        options.abortSignal,
      );
      throwIfAborted(options.abortSignal);
      return hits;
    },

    async countChunks({ index }: { index: IndexRef }) {
      const name = tableName(index);
      return guard(`count chunks in ${name}`, async () => {
        const counts = new Map<string, number>();
        const table = await openExisting(name);
        if (!table) return counts;
        for (const row of await table.query().select(['document_id']).toArray()) {
          const id = String(row.document_id);
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        return counts;
      });
    },

    async close() {
      await queue.idle();
      for (const opening of tables.values()) (await opening.catch(() => null))?.close();
      tables.clear();
      connection.close();
    },
  };
}

/** Best first; equal scores by chunk id, so ties rank the same however the table's files are laid out. */
function byScoreThenId(a: VectorSearchHit, b: VectorSearchHit): number {
  return b.score - a.score || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0);
}

/** Runs a LanceDB call, wrapping foreign errors in a STORAGE LoreError that names the operation. */
async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (LoreError.is(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new LoreError(
      'STORAGE',
      `LanceDB could not ${what}: ${reason}. Check the folder's disk space and permissions.`,
      {
        cause: error,
      },
    );
  }
}

/** Rejects as soon as the signal aborts; LanceDB queries cannot be cancelled, so the query finishes unobserved. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      try {
        throwIfAborted(signal);
      } catch (error) {
        reject(error);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
