import type { Reranker } from '../spec/embedding.js';
import type { SearchResult } from './search.js';

/**
 * Re-orders retrieved chunks by a reranker and keeps the best `topK`; each result's `score` becomes the
 * reranker's (higher is better), also kept as `scores.rerank`. Ties keep the retrieval order.
 */
export async function rerankResults(
  reranker: Reranker,
  query: string,
  results: SearchResult[],
  topK: number,
  abortSignal?: AbortSignal,
): Promise<SearchResult[]> {
  if (results.length === 0) return results;
  const { ranking } = await reranker.rerank({
    query,
    // The title helps the judge unless it is just the text's first line (untitled text documents).
    documents: results.map((result) =>
      result.title && !result.text.startsWith(result.title) ? `${result.title}\n${result.text}` : result.text,
    ),
    topN: topK,
    ...(abortSignal && { abortSignal }),
  });
  return ranking.map(({ index, score }) => {
    const result = results[index] as SearchResult;
    return { ...result, score, scores: { ...result.scores, rerank: score } };
  });
}
