import type { Embedder } from '../spec/embedding.js';
import type { Collection, MetadataStore } from '../spec/metadata-store.js';
import type { IndexRef, VectorSearchHit, VectorStore } from '../spec/vector-store.js';
import { bestPerDocument } from './best-per-document.js';
import type { FusionHit, FusionProfile } from './fusion.js';
import { type CalibrationDocument, calibrateFusion } from './fusion-calibration.js';

/** Fusion weights per collection, calibrated on the collection itself and refreshed as it changes. */
export interface FusionProfiles {
  /** The profile for hybrid search, calibrating first when there is none yet. */
  get(collection: Collection, index: IndexRef): Promise<FusionProfile>;
  /** Records that documents of a collection were indexed or removed, so its profile may be stale. */
  changed(collectionId: string, documents?: number): void;
  /** Drops a deleted collection's profile; a calibration still running for it is not kept. */
  forget(collectionId: string): void;
  /** Whether a profile is cached for the collection. */
  has(collectionId: string): boolean;
}

interface Entry {
  profile: FusionProfile;
  documents: number;
  changes: number;
}

/** Creates the profile cache; `sampleDocuments` caps how many documents calibration draws from. */
export function createFusionProfiles(
  context: { metadata: MetadataStore; vectors: VectorStore; embedder: Embedder },
  options: { sampleDocuments?: number; sampleSize?: number } = {},
): FusionProfiles {
  const entries = new Map<string, Entry>();
  const running = new Map<string, Promise<FusionProfile>>();
  const sampleDocuments = options.sampleDocuments ?? 400;

  async function calibrate(collection: Collection, index: IndexRef): Promise<Entry> {
    const { metadata, vectors, embedder } = context;
    const all = (await metadata.listDocuments({ collectionId: collection.id })).filter(
      (d) => d.status === 'indexed',
    );
    const picked = spread(all, sampleDocuments);
    // Judged by document when there are enough documents to draw every pseudo-query from a different one
    // (what SciFact was tuned on); in a small collection by chunk, where a chunk's neighbours also count,
    // since its keyword text holds theirs. Four documents would give four queries that any retriever wins.
    const unit = picked.length < (options.sampleSize ?? 200) ? 'chunk' : 'document';
    const units: CalibrationDocument[] = [];
    for (const document of picked) {
      const [content, chunks] = await Promise.all([
        metadata.getDocumentContent({ id: document.id }),
        metadata.getChunks({ documentId: document.id }),
      ]);
      if (content == null) continue;
      const ordered = [...chunks].sort((a, b) => a.index - b.index);
      ordered.forEach((chunk, position) => {
        const text = content.slice(chunk.start, chunk.end);
        if (unit === 'document') {
          units.push({ id: document.id, text });
          return;
        }
        const neighbours = ordered.slice(Math.max(0, position - 1), position + 2).map((near) => near.id);
        units.push({ id: chunk.id, text, relevant: neighbours });
      });
    }
    const rank = (hits: VectorSearchHit[], limit: number) =>
      unit === 'chunk'
        ? hits.slice(0, limit).map((hit) => ({ id: hit.chunkId, score: hit.score }))
        : documentRanking(hits, limit);
    const profile = await calibrateFusion({
      unit,
      documents: units,
      sampleSize: options.sampleSize,
      searchVector: async (queries, limit) => {
        const { embeddings } = await embedder.embed({ values: queries, kind: 'query' });
        return mapLimit(embeddings, searchConcurrency, async (vector) =>
          rank(await vectors.search({ index, mode: 'vector', vector, limit: limit * 10 }), limit),
        );
      },
      searchKeyword: (queries, limit) =>
        mapLimit(queries, searchConcurrency, async (query) =>
          rank(await vectors.search({ index, mode: 'keyword', query, limit: limit * 10 }), limit),
        ),
    });
    return { profile, documents: all.length, changes: 0 };
  }

  function start(collection: Collection, index: IndexRef): Promise<FusionProfile> {
    const existing = running.get(collection.id);
    if (existing) return existing;
    const current = () => running.get(collection.id) === promise;
    const promise: Promise<FusionProfile> = calibrate(collection, index)
      .then((entry) => {
        // Forgotten meanwhile (the collection was deleted): serve this caller, cache nothing.
        if (current()) entries.set(collection.id, entry);
        return entry.profile;
      })
      .finally(() => {
        if (current()) running.delete(collection.id);
      });
    running.set(collection.id, promise);
    return promise;
  }

  return {
    async get(collection, index) {
      const entry = entries.get(collection.id);
      if (!entry) return start(collection, index);
      // A quarter of the collection changed: recalibrate in the background, serve the old profile meanwhile.
      if (entry.changes > Math.max(20, entry.documents / 4)) void start(collection, index).catch(() => {});
      return entry.profile;
    },
    changed(collectionId, documents = 1) {
      const entry = entries.get(collectionId);
      if (entry) entry.changes += documents;
    },
    forget(collectionId) {
      entries.delete(collectionId);
      running.delete(collectionId);
    },
    has: (collectionId) => entries.has(collectionId),
  };
}

/**
 * Searches at a time during calibration. Each brute-force vector search holds a copy of the table's
 * vectors while it runs: 200 at once took 14.7 GB on SciFact; a few at a time keep it flat.
 */
const searchConcurrency = 4;

/** Maps with at most `limit` calls in flight; results keep the input order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}

/** Chunk hits folded to their documents (best chunk each), as `{ id: documentId, score }`. */
function documentRanking(hits: VectorSearchHit[], limit: number): FusionHit[] {
  return bestPerDocument(hits)
    .slice(0, limit)
    .map((hit) => ({ id: hit.documentId, score: hit.score }));
}

/** Up to `count` items spread evenly over the list (deterministic, so calibration is reproducible). */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)] as T);
}
