import { connect, Index, MatchQuery, type Table } from '@lancedb/lancedb';
import { LoreError, throwIfAborted } from '../errors.js';
import type { IndexRef, VectorSearchHit, VectorSearchOptions, VectorStore } from '../spec/vector-store.js';
import { toSearchText } from './lance/cjk.js';
import { chunkSchema, hitColumns, searchColumn, toArrowTable, toHit, toRow } from './lance/rows.js';
import { collectionPrefix, documentFilter, tableName } from './lance/table-name.js';
import { createWriteQueue } from './lance/write-queue.js';

export interface CreateLanceVectorStoreOptions {
  /** A folder (or object-store URI) holding one LanceDB table per collection and embedding model. */
  uri: string;
  /** Rows left out of the full-text index after which a write runs `optimize()` (default 10,000). */
  optimizeAfterRows?: number;
}

const ftsIndexName = `${searchColumn}_idx`;

/** Opens a LanceDB `VectorStore`: cosine vector search and BM25 keyword search (CJK-aware) per index. */
export async function createLanceVectorStore(options: CreateLanceVectorStoreOptions): Promise<VectorStore> {
  const optimizeAfterRows = options.optimizeAfterRows ?? 10_000;
  // Every read checks for commits from other processes, so workers and the API see each other's writes.
  const connection = await guard(`open LanceDB at ${options.uri}`, () =>
    connect(options.uri, { readConsistencyInterval: 0 }),
  );
  const tables = new Map<string, Promise<Table>>();
  const queue = createWriteQueue();

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
        // Rows written after the index was built are still searched (unindexed rows are scanned);
        // `optimize()` folds them into the index once there are many.
        await table.createIndex(searchColumn, { config: Index.fts(), name: ftsIndexName, replace: true });
      }
      return table;
    })();
    return remember(name, opening);
  }

  async function optimizeIfBehind(table: Table): Promise<void> {
    const stats = await table.indexStats(ftsIndexName);
    if (stats && stats.numUnindexedRows >= optimizeAfterRows) await table.optimize();
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
      if (filter) query = query.where(filter);
      const rows = await query.toArray();
      // Cosine distance is 1 − cosine similarity; report the similarity (higher is better).
      return rows.map((row) => toHit(row, 1 - Number(row._distance)));
    }

    if (options.query === undefined) {
      throw new LoreError('BAD_REQUEST', 'Keyword search needs a `query` string.');
    }
    const text = toSearchText(options.query).trim();
    if (!text) return [];
    let query = table
      .query()
      .fullTextSearch(new MatchQuery(text, searchColumn))
      .select([...hitColumns, '_score'])
      .limit(limit);
    if (filter) query = query.where(filter);
    const rows = await query.toArray();
    return rows.map((row) => toHit(row, Number(row._score))).sort((a, b) => b.score - a.score);
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
          await optimizeIfBehind(table);
        }),
      );
    },

    async deleteDocuments({ collectionId, documentIds }) {
      if (documentIds.length === 0) return;
      const names = await guard('list LanceDB tables', () => collectionTables(collectionId));
      await Promise.all(
        names.map((name) =>
          queue.run(name, () =>
            guard(`delete documents from ${name}`, async () => {
              await (await openExisting(name))?.delete(documentFilter(documentIds));
            }),
          ),
        ),
      );
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
