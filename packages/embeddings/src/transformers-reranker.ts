import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { LoreError, throwIfAborted } from '@lore/core/errors';
import type { Reranker, RerankOptions, RerankResult } from '@lore/core/spec';
import type { Logger, ModelDevice } from './device.js';
import { DEFAULT_RERANKER_MODEL, type ModelDtype } from './known-models.js';
import { acquireModel, acquireTokenizer, type LoadedModel } from './load-model.js';
import type { ModelLease } from './model-cache.js';
import { type ModelLocation, resolveModelSource } from './model-source.js';
import type { ProgressListener } from './progress.js';

/** Settings of a transformers.js cross-encoder reranker. */
export interface TransformersRerankerSettings extends Partial<ModelLocation> {
  dtype?: ModelDtype;
  /** Longest (query, document) pair fed to the model, special tokens included (default 512). */
  maxTokens?: number;
  device?: ModelDevice;
  strictDevice?: boolean;
  /** Pairs per model call (default 16). */
  batchSize?: number;
  threads?: number;
  onProgress?: ProgressListener;
  logger?: Logger;
}

/**
 * Creates a cross-encoder reranker (`AutoModelForSequenceClassification`): each (query, document) pair is
 * scored in length-sorted batches; the score is the sigmoid of the logit (or, for a two-label head, the
 * probability of the second label). No cross-encoder weights ship offline here, so its tests cover set-up
 * and errors; scoring runs whenever a model such as `Xenova/ms-marco-MiniLM-L-6-v2` is present.
 */
export function createTransformersReranker(options: TransformersRerankerSettings = {}): Reranker {
  const source = resolveModelSource({ ...options, model: options.model ?? DEFAULT_RERANKER_MODEL });
  const dtype = options.dtype ?? (source.local ? 'fp32' : 'q8');
  const maxTokens = options.maxTokens ?? 512;
  const batchSize = options.batchSize ?? 16;
  const logger = options.logger ?? console;
  let tokenizerLease: ModelLease<PreTrainedTokenizer> | undefined;
  let modelLease: ModelLease<LoadedModel> | undefined;
  let closed = false;

  async function load(): Promise<[PreTrainedTokenizer, LoadedModel]> {
    tokenizerLease ??= acquireTokenizer(source, options.onProgress);
    modelLease ??= acquireModel(source, {
      architecture: 'AutoModelForSequenceClassification',
      dtype,
      device: options.device ?? 'cpu',
      strictDevice: options.strictDevice ?? false,
      logger,
      ...(options.threads ? { threads: options.threads } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const leases = [tokenizerLease, modelLease] as const;
    try {
      return await Promise.all([leases[0].value, leases[1].value]);
    } catch (error) {
      // Drop failed leases so the next call retries the load.
      if (tokenizerLease === leases[0]) tokenizerLease = undefined;
      if (modelLease === leases[1]) modelLease = undefined;
      await Promise.all(leases.map((lease) => lease.release()));
      throw error;
    }
  }

  async function rerank({ query, documents, topN, abortSignal }: RerankOptions): Promise<RerankResult> {
    if (closed)
      throw new LoreError(
        'MODEL_UNAVAILABLE',
        `The reranker for "${source.name}" is closed. Create a new one.`,
      );
    throwIfAborted(abortSignal);
    if (!documents.length) return { ranking: [] };
    const [tokenizer, { model }] = await load();
    const order = documents
      .map((_, index) => index)
      .sort((a, b) => (documents[a]?.length ?? 0) - (documents[b]?.length ?? 0));
    const scores = new Array<number>(documents.length).fill(0);
    for (let start = 0; start < order.length; start += batchSize) {
      throwIfAborted(abortSignal);
      const batch = order.slice(start, start + batchSize);
      const inputs = tokenizer(
        batch.map(() => query),
        {
          text_pair: batch.map((index) => documents[index] ?? ''),
          padding: true,
          truncation: true,
          max_length: maxTokens,
        },
      );
      const { logits } = await model(inputs);
      const [rows = 0, labels = 1] = logits.dims as number[];
      const data = logits.data as Float32Array;
      for (let row = 0; row < rows; row++) {
        scores[batch[row] as number] =
          labels === 1 ? sigmoid(data[row] as number) : softmaxLast(data, row * labels, labels);
      }
    }
    const ranking = scores.map((score, index) => ({ index, score })).sort((a, b) => b.score - a.score);
    return { ranking: topN === undefined ? ranking : ranking.slice(0, Math.max(0, topN)) };
  }

  return {
    provider: 'transformers',
    modelId: source.name,
    rerank,
    async close() {
      closed = true;
      await Promise.all([modelLease?.release(), tokenizerLease?.release()]);
      modelLease = undefined;
      tokenizerLease = undefined;
    },
  };
}

function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}

function softmaxLast(data: Float32Array, offset: number, labels: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < labels; k++) max = Math.max(max, data[offset + k] as number);
  let sum = 0;
  for (let k = 0; k < labels; k++) sum += Math.exp((data[offset + k] as number) - max);
  return Math.exp((data[offset + labels - 1] as number) - max) / sum;
}
