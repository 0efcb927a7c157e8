import { LoreError } from '../errors.js';
import type { Embedder, Reranker } from '../spec/embedding.js';
import type { LanguageModel } from '../spec/language-model.js';
import type { Collection, MetadataStore } from '../spec/metadata-store.js';
import type { VectorStore } from '../spec/vector-store.js';
import { withSpan } from '../tracing/with-span.js';
import { retrievalDefaults } from './defaults.js';
import { createFusionProfiles, type FusionProfiles } from './fusion-profiles.js';
import { createLanguageModelReranker } from './llm-reranker.js';
import { rerankResults } from './rerank-results.js';
import { type SearchOptions, type SearchResult, searchCollection } from './search.js';

/** The stores and models retrieval runs on. */
export interface RetrievalContext {
  metadata: MetadataStore;
  vectors: VectorStore;
  embedder: Embedder;
  /** Re-scores results for `rerank: true`; default: the LLM as a yes/no judge when it can score tokens. */
  reranker?: Reranker;
  languageModel?: LanguageModel;
  /** The fusion-weight cache (default: a new one for this retrieval). */
  fusion?: FusionProfiles;
}

/** Search with its rerank policy, and the one place that keeps the fusion-weight cache current. */
export interface Retrieval {
  /** Searches a collection; with `rerank`, the reranker re-scores the best `rerankCandidates`. */
  search(collection: Collection, options: SearchOptions): Promise<SearchResult[]>;
  /** Documents of a collection were indexed or removed: its fusion weights may be stale. */
  documentsChanged(collectionId: string, documents?: number): void;
  /** A collection was deleted: its fusion weights are dropped (and a calibration under way is not kept). */
  collectionDeleted(collectionId: string): void;
}

/** Creates the retrieval policy on stores and models. */
export function createRetrieval(context: RetrievalContext): Retrieval {
  const { metadata, vectors, embedder } = context;
  const fusion = context.fusion ?? createFusionProfiles({ metadata, vectors, embedder });
  const reranker =
    context.reranker ??
    (context.languageModel?.scoreContinuations
      ? createLanguageModelReranker({ model: context.languageModel })
      : undefined);
  const searchContext = { metadata, vectors, embedder, fusion };
  async function search(collection: Collection, options: SearchOptions): Promise<SearchResult[]> {
    if (!options.rerank) return searchCollection(searchContext, collection, options);
    if (!reranker) {
      throw new LoreError(
        'BAD_REQUEST',
        'rerank needs a reranker, and none is configured (a language model that scores, or a reranker).',
        { missing: 'language-model' },
      );
    }
    const topK = options.topK ?? retrievalDefaults.search.topK;
    const candidates = Math.max(topK, options.rerankCandidates ?? retrievalDefaults.search.rerankCandidates);
    const results = await searchCollection(searchContext, collection, { ...options, topK: candidates });
    return withSpan(
      'lore.rerank',
      {
        'lore.rerank.provider': reranker.provider,
        'lore.rerank.model': reranker.modelId,
        'lore.rerank.candidates': results.length,
      },
      () => rerankResults(reranker, options.query, results, topK, options.abortSignal),
    );
  }
  return {
    search: (collection, options) =>
      withSpan(
        'lore.retrieve',
        {
          'lore.collection': collection.name,
          'lore.retrieval.mode': options.mode ?? retrievalDefaults.search.mode,
          'lore.top_k': options.topK ?? retrievalDefaults.search.topK,
          'lore.rerank': options.rerank === true,
        },
        async (span) => {
          const results = await search(collection, options);
          span.setAttribute('lore.results', results.length);
          return results;
        },
      ),
    documentsChanged: (collectionId, documents) => fusion.changed(collectionId, documents),
    collectionDeleted: (collectionId) => fusion.forget(collectionId),
  };
}
