import { retrievalDefaults } from '@lore/core/defaults';
import { z } from './zod.js';

export const SearchRequestSchema = z
  .object({
    query: z.string().min(1).max(4_000),
    topK: z.number().int().min(1).max(100).default(retrievalDefaults.search.topK),
    mode: z.enum(['hybrid', 'vector', 'keyword']).default(retrievalDefaults.search.mode),
    rerank: z
      .boolean()
      .optional()
      .openapi({
        description: `Re-score the best ${retrievalDefaults.search.rerankCandidates} results with the reranker`,
      }),
    filter: z
      .object({
        documentIds: z.array(z.string()).max(1_000).optional(),
        metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('SearchRequest');

export const SearchResultSchema = z
  .object({
    chunkId: z.string(),
    documentId: z.string(),
    title: z.string(),
    text: z.string(),
    score: z.number(),
    start: z.number().int(),
    end: z.number().int(),
    page: z.number().int().optional(),
    metadata: z.record(z.string(), z.unknown()),
    scores: z
      .object({
        vector: z.number().optional(),
        keyword: z.number().optional(),
        fused: z.number().optional(),
        rerank: z.number().optional(),
      })
      .optional()
      .openapi({
        description:
          'How each step scored the chunk, where it did: vector similarity, BM25, the hybrid fusion, the reranker; `score` is the last of them',
      }),
  })
  .openapi('SearchResult');

export const SearchResponseSchema = z.object({ results: z.array(SearchResultSchema) });

/** A search request's body as sent (`topK` and `mode` may be left out). */
export type SearchRequest = z.input<typeof SearchRequestSchema>;
/** One retrieved chunk; `score` is higher-is-better. */
export type SearchResult = z.infer<typeof SearchResultSchema>;
