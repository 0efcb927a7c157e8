import { LoreError } from '../errors.js';
import type { Embedder } from '../spec/embedding.js';
import type { Collection, MetadataStore } from '../spec/metadata-store.js';
import type { VectorSearchHit, VectorStore } from '../spec/vector-store.js';
import { indexRefFor } from '../storage/index-ref.js';
import { withSpan } from '../tracing/with-span.js';
import { bestPerDocument } from './best-per-document.js';
import { retrievalDefaults } from './defaults.js';
import { type FusionProfile, fuseRankings } from './fusion.js';
import type { FusionProfiles } from './fusion-profiles.js';

export type RetrievalMode = 'hybrid' | 'vector' | 'keyword';

/** Narrows a search: to documents whose metadata contains every key/value, and/or to named documents. */
export interface SearchFilter {
  documentIds?: string[];
  metadata?: Record<string, unknown>;
}

export interface SearchOptions {
  query: string;
  topK?: number;
  mode?: RetrievalMode;
  filter?: SearchFilter;
  /** Candidates taken from each retriever before fusion. */
  candidates?: number;
  /** Re-score the best `rerankCandidates` results with the reranker (`createRetrieval` applies it). */
  rerank?: boolean;
  /** How many fused results the reranker re-scores (default 20, at least topK). */
  rerankCandidates?: number;
  abortSignal?: AbortSignal;
}

/** Each retriever's score of a result, where it found it; `fused` for hybrid, `rerank` after reranking. */
export interface SearchScores {
  vector?: number;
  keyword?: number;
  fused?: number;
  rerank?: number;
}

/** A retrieved chunk with its exact source span; `score` is higher-is-better. */
export interface SearchResult {
  chunkId: string;
  documentId: string;
  title: string;
  text: string;
  score: number;
  start: number;
  end: number;
  page?: number;
  metadata: Record<string, unknown>;
  /** How each step scored it (`score` is the last of them). */
  scores?: SearchScores;
}

type ScoredHit = VectorSearchHit & { scores: SearchScores };

export interface SearchContext {
  metadata: MetadataStore;
  vectors: VectorStore;
  embedder: Embedder;
  fusion: FusionProfiles;
}

/** Retrieves the best chunks of a collection by vector, keyword (BM25) or hybrid search. */
export async function searchCollection(
  context: SearchContext,
  collection: Collection,
  options: SearchOptions,
): Promise<SearchResult[]> {
  const { metadata, vectors, embedder } = context;
  const topK = options.topK ?? retrievalDefaults.search.topK;
  const mode = options.mode ?? retrievalDefaults.search.mode;
  const candidates = Math.max(options.candidates ?? retrievalDefaults.search.candidates, topK);
  const query = options.query.trim();
  if (query.length === 0)
    throw new LoreError('BAD_REQUEST', 'The query is empty: send a question or keywords.');

  const documentIds = await resolveFilter(metadata, collection, options.filter);
  if (documentIds && documentIds.length === 0) return [];
  const index = await indexRefFor(collection.id, embedder);
  const base = {
    index,
    limit: candidates,
    abortSignal: options.abortSignal,
    ...(documentIds ? { documentIds } : {}),
  };

  const vectorSearch = () =>
    withSpan('lore.retrieve.vector', { 'lore.candidates': candidates }, async () => {
      const { embeddings } = await embedder.embed({
        values: [query],
        kind: 'query',
        abortSignal: options.abortSignal,
      });
      return vectors.search({ ...base, mode: 'vector', vector: embeddings[0] ?? [] });
    });
  const keywordSearch = () =>
    withSpan('lore.retrieve.keyword', { 'lore.candidates': candidates }, () =>
      vectors.search({ ...base, mode: 'keyword', query }),
    );
  const scored = (list: VectorSearchHit[], key: 'vector' | 'keyword'): ScoredHit[] =>
    list.map((hit) => ({ ...hit, scores: { [key]: hit.score } }));

  let hits: ScoredHit[];
  if (mode === 'vector') hits = scored(await vectorSearch(), 'vector');
  else if (mode === 'keyword') hits = scored(await keywordSearch(), 'keyword');
  else {
    const [vectorHits, keywordHits, profile] = await Promise.all([
      vectorSearch(),
      keywordSearch(),
      context.fusion.get(collection, index),
    ]);
    hits = await withSpan(
      'lore.fuse',
      { 'lore.fusion.method': profile.method, 'lore.fusion.unit': profile.unit ?? 'document' },
      () => fuseHybrid(vectorHits, keywordHits, profile),
    );
  }
  return attachDocuments(metadata, hits, topK);
}

async function resolveFilter(
  metadata: MetadataStore,
  collection: Collection,
  filter: SearchFilter | undefined,
): Promise<string[] | undefined> {
  if (!filter) return undefined;
  let ids: string[] | undefined = filter.documentIds;
  if (filter.metadata && Object.keys(filter.metadata).length > 0) {
    const matching = await metadata.findDocumentIds({
      collectionId: collection.id,
      metadata: filter.metadata,
    });
    ids = ids ? matching.filter((id) => ids?.includes(id)) : matching;
  }
  return ids;
}

/**
 * Joins hits with their documents and drops hits of deleted or failed documents. A document being re-indexed
 * keeps serving its old chunks until the new ones replace them in one commit.
 */
async function attachDocuments(
  metadata: MetadataStore,
  hits: ScoredHit[],
  topK: number,
): Promise<SearchResult[]> {
  const wanted = [...new Set(hits.map((hit) => hit.documentId))];
  const documents = new Map(
    (await metadata.getDocuments({ ids: wanted })).map((document) => [document.id, document]),
  );
  const results: SearchResult[] = [];
  for (const hit of hits) {
    if (results.length >= topK) break;
    const document = documents.get(hit.documentId);
    if (!document || document.status === 'failed') continue; // a failed document's chunks are never served
    results.push({
      chunkId: hit.chunkId,
      documentId: hit.documentId,
      title: document.title,
      text: hit.text,
      score: hit.score,
      start: hit.start,
      end: hit.end,
      ...(hit.page != null ? { page: hit.page } : {}),
      metadata: document.metadata,
      scores: hit.scores,
    });
  }
  return results;
}

/**
 * Fuses chunks (convex or RRF, as the profile says). With `unit: 'document'` (the default: a large
 * collection) each chunk's score also gets its document's fused score, where a document's evidence is
 * each retriever's best chunk of it, so its best vector chunk and its best keyword chunk both count even
 * when they differ: on SciFact that document term lifts hybrid above BM25 (retrieval/FUSION.md). With
 * `unit: 'chunk'` (a small collection) chunks rank alone: four long documents say little about which
 * of their chunks answers (seeds-zh hit@5 0.925 with the document term, 0.950 without).
 */
function fuseHybrid(
  vectorHits: VectorSearchHit[],
  keywordHits: VectorSearchHit[],
  profile: FusionProfile,
): ScoredHit[] {
  const byId = new Map<string, VectorSearchHit>();
  for (const hit of [...keywordHits, ...vectorHits]) byId.set(hit.chunkId, hit);
  const vectorScores = new Map(vectorHits.map((hit) => [hit.chunkId, hit.score]));
  const keywordScores = new Map(keywordHits.map((hit) => [hit.chunkId, hit.score]));
  const asHits = (list: VectorSearchHit[], key: 'chunkId' | 'documentId') =>
    list.map((hit) => ({ id: hit[key], score: hit.score }));
  const documents = new Map(
    profile.unit === 'chunk'
      ? []
      : fuseRankings({
          vector: asHits(bestPerDocument(vectorHits), 'documentId'),
          keyword: asHits(bestPerDocument(keywordHits), 'documentId'),
          profile,
        }).map((document) => [document.id, document.score]),
  );
  const chunks = fuseRankings({
    vector: asHits(vectorHits, 'chunkId'),
    keyword: asHits(keywordHits, 'chunkId'),
    profile,
  });
  return chunks
    .flatMap(({ id, score }) => {
      const hit = byId.get(id);
      if (!hit) return [];
      const fused = score + (documents.get(hit.documentId) ?? 0);
      const vector = vectorScores.get(id);
      const keyword = keywordScores.get(id);
      const scores = {
        ...(vector !== undefined ? { vector } : {}),
        ...(keyword !== undefined ? { keyword } : {}),
        fused,
      };
      return [{ ...hit, score: fused, scores }];
    })
    .sort((a, b) => b.score - a.score);
}
