import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { LoreError, throwIfAborted } from '@lore/core/errors';
import type { Embedder, EmbedOptions, EmbedResult, TokenCounter } from '@lore/core/spec';
import { createBatchQueue } from './batch-queue.js';
import type { Logger, ModelDevice } from './device.js';
import { type ModelDtype, type Pooling, presetFor } from './known-models.js';
import { acquireTokenizer, inputLimit } from './load-model.js';
import { createLruCache } from './lru-cache.js';
import type { ModelLease } from './model-cache.js';
import { type ModelLocation, resolveModelSource } from './model-source.js';
import type { ProgressListener } from './progress.js';
import { createCachedTokenCount } from './word-cache.js';
import { acquireWorkerModel, defaultWorkers, type WorkerModel } from './worker-model.js';

/** Settings of a transformers.js embedder; everything but `model` defaults from `knownModels`. */
export interface TransformersEmbedderSettings extends ModelLocation {
  dtype?: ModelDtype;
  pooling?: Pooling;
  normalize?: boolean;
  /** Longest input fed to the model, special tokens and prefix included; longer inputs are truncated. */
  maxTokens?: number;
  queryPrefix?: string;
  documentPrefix?: string;
  /** `cpu` by default; `cuda` or `webgpu` fall back to the CPU with one warning unless `strictDevice`. */
  device?: ModelDevice;
  strictDevice?: boolean;
  /** Most texts per model call (default 16: on CPU larger batches add memory, not speed). */
  batchSize?: number;
  /** Most padded tokens per model call: texts in a batch times its longest text's tokens (default BATCH_TOKENS). */
  batchTokens?: number;
  /** Query embeddings kept in an LRU cache (default 1000; 0 turns it off). */
  queryCacheSize?: number;
  /** Worker threads, each with its own copy of the model (default: 2 on a CPU with 2 or more cores, else 1). */
  workers?: number;
  /** ONNX Runtime intra-op threads per worker (default: the cores shared out between the workers). */
  threads?: number;
  onProgress?: ProgressListener;
  logger?: Logger;
}

/** Counters that show what the embedder did, for tests and benchmarks. */
export interface EmbedderStats {
  /** Model invocations (one per batch). */
  batches: number;
  /** Texts run through the model. */
  embedded: number;
  queryCacheHits: number;
  queryCacheMisses: number;
  /** The device the model runs on, once loaded (may be `cpu` after a fallback). */
  device: ModelDevice | undefined;
}

/** An `Embedder` backed by transformers.js, with its resolved settings and counters. */
export interface TransformersEmbedder extends Embedder {
  readonly settings: Readonly<
    Required<
      Omit<
        TransformersEmbedderSettings,
        'onProgress' | 'logger' | 'modelsDir' | 'cacheDir' | 'threads' | 'maxTokens'
      >
    >
  > & {
    maxTokens: number | undefined;
  };
  stats(): EmbedderStats;
}

/**
 * Creates an embedder that loads lazily on first use, coalesces concurrent `embed` calls into
 * length-sorted batches, and caches query vectors. The model runs in a worker thread (one per loaded
 * model), so batches never block the event loop; the token counter runs on the calling thread. After `close()` every call fails with
 * MODEL_UNAVAILABLE: a closed embedder never silently reloads a model during shutdown.
 */
export function createTransformersEmbedder(options: TransformersEmbedderSettings): TransformersEmbedder {
  const source = resolveModelSource(options);
  const preset = presetFor(options.model);
  const settings = {
    model: options.model,
    dtype: options.dtype ?? preset.dtype,
    pooling: options.pooling ?? preset.pooling,
    normalize: options.normalize ?? preset.normalize,
    maxTokens: options.maxTokens ?? preset.maxTokens,
    queryPrefix: options.queryPrefix ?? preset.queryPrefix,
    documentPrefix: options.documentPrefix ?? preset.documentPrefix,
    device: options.device ?? 'cpu',
    strictDevice: options.strictDevice ?? false,
    batchSize: options.batchSize ?? 16,
    batchTokens: options.batchTokens ?? BATCH_TOKENS,
    queryCacheSize: options.queryCacheSize ?? 1000,
    workers: options.workers ?? defaultWorkers(options.device ?? 'cpu'),
  };
  for (const [name, value] of [
    ['batchSize', settings.batchSize],
    ['batchTokens', settings.batchTokens],
    ['maxTokens', settings.maxTokens ?? 1],
    ['workers', settings.workers],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new LoreError('BAD_REQUEST', `${name} must be a positive integer, got ${value}.`);
  }
  const logger = options.logger ?? console;
  const stats: EmbedderStats = {
    batches: 0,
    embedded: 0,
    queryCacheHits: 0,
    queryCacheMisses: 0,
    device: undefined,
  };
  const queryCache = createLruCache<string, number[]>(settings.queryCacheSize);
  let tokenizerLease: ModelLease<PreTrainedTokenizer> | undefined;
  let modelLease: ModelLease<WorkerModel> | undefined;
  let counter: Promise<TokenCounter> | undefined;
  let dimensions: Promise<number> | undefined;
  let closed = false;

  // Leases are taken on first use; a failed load drops the lease so the next call retries.
  function tokenizer(): Promise<PreTrainedTokenizer> {
    if (!tokenizerLease) {
      const lease = acquireTokenizer(source, options.onProgress);
      tokenizerLease = lease;
      lease.value.catch(() => {
        if (tokenizerLease === lease) tokenizerLease = undefined;
        void lease.release();
      });
    }
    return tokenizerLease.value;
  }

  function model(): Promise<WorkerModel> {
    if (!modelLease) {
      const lease = acquireWorkerModel(source, {
        ...settings,
        ...pick(options),
        logger,
      });
      modelLease = lease;
      lease.value.catch(() => {
        if (modelLease === lease) modelLease = undefined;
        void lease.release();
      });
    }
    return modelLease.value;
  }

  function tokenCounter(): Promise<TokenCounter> {
    counter ??= tokenizer().then(
      (tok) => {
        overhead = prefixCost(tok, settings.documentPrefix);
        const room = inputLimit(tok, settings.maxTokens) - overhead;
        loadedCounter = createTokenCounter(tok, room);
        return loadedCounter;
      },
      (error: unknown) => {
        counter = undefined;
        throw error;
      },
    );
    return counter;
  }

  /** A text for the model and its length, by which batches are formed. */
  interface Input {
    /** What the model reads: the value with its prefix. */
    text: string;
    /** Tokens the model reads (prefix and special tokens too), or the value's characters while the tokenizer is not loaded. */
    size: number;
  }

  // Batches of texts with equal token counts waste no compute on padding; character counts are a poor proxy
  // (SciFact chunks padded to 1.20x their tokens when sorted by characters, 1.02x by tokens). Until the
  // tokenizer is loaded (the chunker loads it before any document is embedded), characters it is.
  // Counted on push, right after the chunker counted the same texts: the counter remembers them.
  let loadedCounter: TokenCounter | undefined;
  /** Tokens added to every value: the document prefix and the special tokens. */
  let overhead = 0;

  const queue = createBatchQueue<Input, number[]>({
    batchSize: settings.batchSize,
    budget: settings.batchTokens,
    parallel: settings.workers * CALLS_PER_WORKER,
    size: (input) => input.size,
    async run(inputs, { urgent }) {
      const texts = inputs.map((input) => input.text);
      const loaded = await model();
      stats.device = loaded.device;
      const { pooling, normalize, maxTokens } = settings;
      const vectors = await loaded.embed(texts, { pooling, normalize, maxTokens, urgent });
      stats.batches += 1;
      stats.embedded += texts.length;
      return vectors;
    },
  });

  function ensureOpen(): void {
    if (closed) {
      throw new LoreError(
        'MODEL_UNAVAILABLE',
        `The embedder for "${source.name}" is closed. Create a new one with createTransformersEmbedder().`,
      );
    }
  }

  async function embed({ values, kind = 'document', abortSignal }: EmbedOptions): Promise<EmbedResult> {
    ensureOpen();
    throwIfAborted(abortSignal);
    const empty = values.findIndex((value) => typeof value !== 'string' || !value.trim());
    if (empty >= 0)
      throw new LoreError(
        'BAD_REQUEST',
        `Cannot embed an empty text (value ${empty}). Drop empty texts before embedding.`,
      );
    const prefix = kind === 'query' ? settings.queryPrefix : settings.documentPrefix;
    const texts = values.map((value) => prefix + value);
    const inputOf = (index: number): Input => {
      const value = values[index] as string;
      if (!loadedCounter) return { text: texts[index] as string, size: value.length };
      const tokens = Math.min(loadedCounter.count(value), loadedCounter.maxTokens) + overhead;
      return { text: texts[index] as string, size: tokens };
    };
    if (kind !== 'query' || settings.queryCacheSize <= 0) {
      const urgent = kind === 'query';
      if (!urgent && !loadedCounter) tokenCounter().catch(() => undefined); // the model load reports failures
      const inputs = texts.map((_, index) => inputOf(index));
      return { embeddings: await queue.push(inputs, { urgent, abortSignal }) };
    }
    const embeddings = new Array<number[]>(texts.length);
    const missing: number[] = [];
    texts.forEach((text, index) => {
      const hit = queryCache.get(text);
      if (hit) embeddings[index] = hit.slice();
      else missing.push(index);
    });
    stats.queryCacheHits += texts.length - missing.length;
    stats.queryCacheMisses += missing.length;
    if (missing.length) {
      const computed = await queue.push(missing.map(inputOf), { urgent: true, abortSignal });
      missing.forEach((index, position) => {
        const vector = computed[position] as number[];
        queryCache.set(texts[index] as string, vector);
        embeddings[index] = vector.slice();
      });
    }
    return { embeddings };
  }

  return {
    provider: 'transformers',
    modelId: settings.dtype === preset.dtype ? source.name : `${source.name}@${settings.dtype}`,
    settings,
    stats: () => ({ ...stats }),
    embed,
    dimensions() {
      ensureOpen();
      dimensions ??= queue.push([{ text: 'dimensions', size: 1 }]).then(
        ([vector]) => vector?.length ?? 0,
        (error: unknown) => {
          dimensions = undefined;
          throw error;
        },
      );
      return dimensions;
    },
    tokenizer() {
      ensureOpen();
      return tokenCounter();
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue.close(
        new LoreError(
          'MODEL_UNAVAILABLE',
          `The embedder for "${source.name}" was closed before this request ran.`,
        ),
        async () => {
          queryCache.clear();
          await Promise.all([modelLease?.release(), tokenizerLease?.release()]);
          modelLease = undefined;
          tokenizerLease = undefined;
        },
      );
    },
  };
}

function pick(options: TransformersEmbedderSettings): { threads?: number; onProgress?: ProgressListener } {
  return {
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}

/** Tokens the model adds around every input (e.g. [CLS] and [SEP]) plus those of the document prefix. */
function prefixCost(tok: PreTrainedTokenizer, prefix: string): number {
  const special = tok.encode('a').length - tok.encode('a', { add_special_tokens: false }).length;
  const prefixTokens = prefix ? tok.encode(prefix, { add_special_tokens: false }).length : 0;
  return special + prefixTokens;
}

/**
 * A token counter on the model's own tokenizer; `maxTokens` is the room left for a chunk's own tokens. The
 * latest counts are remembered by text: the chunker's last count of a chunk is the one `embed` sorts by.
 */
function createTokenCounter(tok: PreTrainedTokenizer, maxTokens: number): TokenCounter {
  const count = createCachedTokenCount(tok);
  const recent = new Map<string, number>();
  return {
    maxTokens,
    count(text) {
      if (!text) return 0;
      let tokens = recent.get(text);
      if (tokens === undefined) {
        tokens = count(text);
        if (recent.size >= RECENT_COUNTS) recent.delete(recent.keys().next().value as string);
        recent.set(text, tokens);
      }
      return tokens;
    },
  };
}

/**
 * Batches sent to each worker ahead of time. A worker runs them one by one (queries first), so work is waiting
 * whenever the main thread is busy for a while (chunking, database writes). Ingesting 3,000 SciFact documents
 * kept the 2 cores 1.84 busy with 2 per worker, 1.93 with 4 and 1.97 with 6.
 */
const CALLS_PER_WORKER = 6;

/**
 * Padded tokens per model call by default. Batches of 16 long chunks cost more CPU per chunk than one at a
 * time (large attention buffers) and grow ONNX Runtime's arena: e5-small q8 on 351 SciFact chunks (median 333
 * tokens), 2 workers: 168 CPU ms/chunk and 3.3 GB peak RSS unbounded, 113 / 1.75 GB at 512, 118 / 1.9 GB at
 * 1024, 121 / 1.6 GB at 2048. Short texts (queries) still batch.
 */
const BATCH_TOKENS = 512;

/** Texts whose counts are remembered: more than a batch of documents' chunks, pieces and overlaps. */
const RECENT_COUNTS = 16_384;
