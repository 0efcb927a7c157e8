import { requireScoring } from '../classification/require-scoring.js';
import type { Reranker } from '../spec/embedding.js';
import type { LanguageModel } from '../spec/language-model.js';

/** Settings for an LLM judge reranker. */
export interface LanguageModelRerankerOptions {
  model: LanguageModel;
  /** Characters of each document shown to the model (default 1500). */
  maxDocumentChars?: number;
}

/**
 * A Reranker that asks the LLM whether each document is relevant and scores it by the probability of
 * "yes" against "no" as the first word of the reply: P(yes) / (P(yes) + P(no)), higher is better.
 */
export function createLanguageModelReranker(options: LanguageModelRerankerOptions): Reranker {
  const { model } = options;
  const limit = options.maxDocumentChars ?? 1500;
  return {
    provider: `llm:${model.provider}`,
    modelId: model.modelId,
    async rerank({ query, documents, topN, abortSignal }) {
      const scorer = requireScoring(model, 'LLM reranking');
      const scores: number[] = [];
      for (const document of documents) {
        const [yes, no] = await scorer.scoreContinuations({
          messages: [
            {
              role: 'user',
              content: `Document: ${document.slice(0, limit)}\n\nQuestion: ${query}\n\nIs the document relevant to the question? Answer yes or no.`,
            },
          ],
          continuations: ['yes', 'no'],
          ...(abortSignal && { abortSignal }),
        });
        // P(yes) / (P(yes) + P(no)) computed stably from the two log-probabilities.
        scores.push(1 / (1 + Math.exp((no as number) - (yes as number))));
      }
      const ranking = scores
        .map((value, index) => ({ index, score: value }))
        .sort((left, right) => right.score - left.score || left.index - right.index);
      return { ranking: topN === undefined ? ranking : ranking.slice(0, topN) };
    },
    async close() {},
  };
}
