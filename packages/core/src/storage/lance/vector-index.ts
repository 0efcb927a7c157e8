import { Index, type Table, type VectorQuery } from '@lancedb/lancedb';

/** The approximate-nearest-neighbour index a chunk table gets once it is large enough. */
export type VectorIndexKind = 'ivf-pq' | 'ivf-hnsw-sq';

export interface VectorIndexOptions {
  /**
   * Rows from which a table gets an ANN index; below it every search is exact (default 20,000). Measured
   * with `npm run bench:ann` (SciFact chunks, multilingual-e5-small q8, 300 real queries): at 22.5k real
   * chunks exact search has p95 22 ms and IVF-HNSW-SQ with refine 5 has 11 ms at recall@10 0.999; at 100k
   * (real vectors plus noisy copies) 78 ms against 12 ms, recall@10 0.999, recall@100 0.995.
   */
  minRows?: number;
  /** Which index (default `ivf-hnsw-sq`). */
  kind?: VectorIndexKind;
  /**
   * Candidates per wanted hit that are re-scored with their full vectors, so the ranking among them is exact
   * (default 5: recall@10 0.999 in bench:ann, where 10 costs ~7 ms more for +0.001; 0 ranks by the index's
   * compressed vectors alone, recall@10 0.97).
   */
  refineFactor?: number;
  /** IVF partitions searched per query (default 20). */
  nprobes?: number;
  /** HNSW candidate list per query (default 160). */
  ef?: number;
  /**
   * Index segments after which the index is rebuilt in one (default 8). Each `optimize()` after a write
   * adds a delta segment for the new rows instead of merging it (LanceDB merges only when an IVF partition
   * splits, which a one-partition IVF-HNSW-SQ index never does), and table compaction cannot merge
   * fragments that different segments cover, so every write left one more segment and one more small
   * fragment to search: at 30k chunks grown in 2,000-document calls, 25 of each, and a vector search took
   * p50 27 ms against 9 ms after one rebuild.
   */
  maxSegments?: number;
}

export const vectorColumn = 'vector';
export const vectorIndexName = `${vectorColumn}_idx`;

/** The options with their defaults filled in. */
export function vectorIndexSettings(options: VectorIndexOptions = {}): Required<VectorIndexOptions> {
  return {
    minRows: options.minRows ?? 20_000,
    kind: options.kind ?? 'ivf-hnsw-sq',
    refineFactor: options.refineFactor ?? 5,
    nprobes: options.nprobes ?? 20,
    ef: options.ef ?? 160,
    maxSegments: options.maxSegments ?? 8,
  };
}

/**
 * Builds the table's vector index when it has none and holds at least `minRows` rows; returns whether it
 * built one. Rows that arrive later are folded in by `optimize()` and, until then, searched exactly.
 */
export async function ensureVectorIndex(
  table: Table,
  settings: Required<VectorIndexOptions>,
  dimensions: number,
): Promise<boolean> {
  const indices = await table.listIndices();
  if (indices.some((index) => index.columns.includes(vectorColumn))) return false;
  const rows = await table.countRows();
  if (rows < settings.minRows) return false;
  await table.createIndex(vectorColumn, {
    config: indexConfig(settings.kind, rows, dimensions),
    name: vectorIndexName,
    replace: true,
  });
  return true;
}

/**
 * Rebuilds the table's vector index when it has more than `maxSegments` segments; returns whether it did.
 * The next `optimize()` can then compact the small fragments the segments held apart.
 */
export async function boundVectorIndexSegments(
  table: Table,
  settings: Required<VectorIndexOptions>,
  dimensions: number,
): Promise<boolean> {
  const index = (await table.listIndices()).find((entry) => entry.columns.includes(vectorColumn));
  if (!index || (index.numSegments ?? 1) <= settings.maxSegments) return false;
  await table.createIndex(vectorColumn, {
    config: indexConfig(settings.kind, await table.countRows(), dimensions),
    name: vectorIndexName,
    replace: true,
  });
  return true;
}

function indexConfig(kind: VectorIndexKind, rows: number, dimensions: number): Index {
  if (kind === 'ivf-pq') {
    return Index.ivfPq({
      distanceType: 'cosine',
      // LanceDB's rule of thumb: about √rows partitions; 8 dimensions per sub-vector keeps PQ codes fine.
      numPartitions: Math.max(1, Math.round(Math.sqrt(rows))),
      numSubVectors: dimensions % 8 === 0 ? dimensions / 8 : dimensions % 4 === 0 ? dimensions / 4 : 1,
    });
  }
  // One HNSW graph per partition; a partition per ~500k rows bounds the memory one graph's build needs.
  return Index.hnswSq({ distanceType: 'cosine', numPartitions: Math.max(1, Math.ceil(rows / 500_000)) });
}

/**
 * Sets the query-time parameters for a search of `limit` hits; LanceDB ignores them while the table has no
 * index (exact search). HNSW's candidate list must hold every row the refine step re-scores.
 */
export function tuneVectorQuery(
  query: VectorQuery,
  settings: Required<VectorIndexOptions>,
  limit: number,
): VectorQuery {
  const refined = settings.refineFactor > 0 ? query.refineFactor(settings.refineFactor) : query;
  const tuned = refined.nprobes(settings.nprobes);
  if (settings.kind !== 'ivf-hnsw-sq') return tuned;
  return tuned.ef(Math.max(settings.ef, limit * Math.max(1, settings.refineFactor)));
}
