import { isAbsolute } from 'node:path';
import type {
  DynamicCache,
  PreTrainedModel,
  PreTrainedTokenizer,
  ProgressInfo,
  Tensor,
} from '@huggingface/transformers';
import { LoreError, throwIfAborted } from '@lore/core/errors';
import type { GenerateOptions, LanguageModel, SamplingOptions, StreamPart } from '@lore/core/spec';
import { collectStream } from './collect-stream.js';
import { createSampler, mergeSampling } from './sampler.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import { createStopText } from './stop-text.js';
import {
  checkStructuredStream,
  createStructuredOutputCache,
  createTokenConstraint,
  createTokenVocabulary,
  retryRequest,
  type StructuredOutput,
  type TokenVocabulary,
} from './structured/index.js';

type Transformers = typeof import('@huggingface/transformers');

/** Settings for an ONNX decoder run by transformers.js. */
export interface TransformersModelOptions {
  /** An absolute model folder (offline), or a hub id such as `onnx-community/Qwen2.5-0.5B-Instruct`. */
  model: string;
  /** Where hub models are cached. */
  cacheDir?: string;
  onProgress?: (info: ProgressInfo) => void;
  dtype?: 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';
  /** ONNX Runtime intra-op threads (default: one per core). */
  threads?: number;
  /** Requests allowed to wait while one generates (default 32). */
  maxQueue?: number;
  defaults?: SamplingOptions;
}

interface Engine {
  transformers: Transformers;
  tokenizer: PreTrainedTokenizer;
  model: PreTrainedModel;
  contextSize: number;
  eos: Set<number>;
  scheduler: Scheduler<true>;
  /** Decoded text of every token, built on the first structured request. */
  vocabulary?: TokenVocabulary;
}

async function openEngine(options: TransformersModelOptions): Promise<Engine> {
  const transformers = await import('@huggingface/transformers');
  const local = isAbsolute(options.model);
  // Per-call options only: transformers.js' global `env` is left alone (see @lore/embeddings).
  const where = {
    local_files_only: local,
    ...(options.cacheDir && { cache_dir: options.cacheDir }),
    ...(options.onProgress && { progress_callback: options.onProgress }),
  };
  const tokenizer = await transformers.AutoTokenizer.from_pretrained(options.model, where);
  const model = await transformers.AutoModelForCausalLM.from_pretrained(options.model, {
    ...where,
    dtype: options.dtype ?? 'fp32',
    device: 'cpu',
    session_options: {
      ...(options.threads && { intraOpNumThreads: options.threads }),
      interOpNumThreads: 1,
    },
  });
  const config = model.config as unknown as {
    max_position_embeddings?: number;
    eos_token_id?: number | number[];
  };
  const generation = (model as unknown as { generation_config?: { eos_token_id?: number | number[] } })
    .generation_config;
  const eos = [generation?.eos_token_id ?? config.eos_token_id ?? []].flat();
  return {
    transformers,
    tokenizer,
    model,
    contextSize: config.max_position_embeddings ?? tokenizer.model_max_length ?? 2048,
    eos: new Set(eos),
    // One ONNX session runs one generation at a time; the rest queue.
    scheduler: createScheduler({ slots: [true], maxQueue: options.maxQueue ?? 32 }),
  };
}

/** Creates a LanguageModel over an ONNX decoder, decoding step by step with its past key values fed back. */
export function createTransformersModel(options: TransformersModelOptions): LanguageModel {
  const defaults = options.defaults ?? {};
  const structured = createStructuredOutputCache();
  let engine: Promise<Engine> | undefined;

  const load = (): Promise<Engine> => {
    engine ??= openEngine(options).catch((error: unknown) => {
      engine = undefined;
      throw new LoreError(
        'MODEL_UNAVAILABLE',
        `Could not load the ONNX decoder ${options.model}: ${(error as Error).message}. A local model must be an absolute folder with config.json, tokenizer.json and onnx/model.onnx.`,
        { cause: error },
      );
    });
    return engine;
  };

  const promptIds = (opened: Engine, request: GenerateOptions): number[] => {
    const encoded = opened.tokenizer.apply_chat_template(
      request.messages as { role: string; content: string }[],
      {
        add_generation_prompt: true,
        tokenize: true,
        return_tensor: false,
        return_dict: false,
      },
    ) as unknown as number[];
    return Array.from(encoded, Number);
  };

  async function* stream(request: GenerateOptions): AsyncGenerator<StreamPart> {
    // Compiled first, so an unsupported schema fails before the model loads.
    const output = structured(request.responseFormat);
    if (!output) yield* generateText(request);
    else
      yield* checkStructuredStream(
        (attempt) => generateText(retryRequest(request, attempt), output),
        output,
        mergeSampling(defaults, request).maxTokens,
      );
  }

  async function* generateText(
    request: GenerateOptions,
    output?: StructuredOutput,
  ): AsyncGenerator<StreamPart> {
    const opened = await load();
    const prompt = promptIds(opened, request);
    const usage = { promptTokens: prompt.length, completionTokens: 0 };
    const room = opened.contextSize - prompt.length;
    if (room <= 0) {
      throw new LoreError(
        'BAD_REQUEST',
        `The prompt has ${prompt.length} tokens but the model's context holds ${opened.contextSize}. Shorten the messages.`,
      );
    }
    let lease: Awaited<ReturnType<Scheduler<true>['acquire']>>;
    try {
      lease = await opened.scheduler.acquire(request.abortSignal ? { abortSignal: request.abortSignal } : {});
    } catch (error) {
      if (LoreError.is(error) && error.code === 'ABORTED') {
        yield { type: 'finish', finishReason: 'abort', usage };
        return;
      }
      throw error;
    }
    try {
      yield* decode(opened, request, prompt, Math.min(request.maxTokens ?? room, room), usage, output);
    } finally {
      lease.release();
    }
  }

  async function* decode(
    opened: Engine,
    request: GenerateOptions,
    prompt: number[],
    maxTokens: number,
    usage: { promptTokens: number; completionTokens: number },
    output?: StructuredOutput,
  ): AsyncGenerator<StreamPart> {
    const { Tensor, DynamicCache } = opened.transformers;
    const sampling = mergeSampling(defaults, request);
    const sample = createSampler(sampling);
    // Structured output ends where the grammar says; stop strings would cut the JSON.
    const stopText = createStopText(output ? undefined : sampling.stop);
    const constraint = output && createTokenConstraint(output, vocabularyOf(opened), opened.eos);
    const generated: number[] = [];
    let cache: DynamicCache | undefined;
    let input = prompt;
    let text = '';
    while (generated.length < maxTokens) {
      if (request.abortSignal?.aborted) {
        yield { type: 'finish', finishReason: 'abort', usage };
        return;
      }
      const total = prompt.length + generated.length;
      const outputs = (await opened.model.forward({
        input_ids: new Tensor('int64', BigInt64Array.from(input, BigInt), [1, input.length]),
        attention_mask: new Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
        ...(cache && { past_key_values: cache }),
      })) as Record<string, Tensor>;
      // Feed the new cache back, so the next step evaluates only the token it just chose.
      const past: Record<string, Tensor> = {};
      for (const [name, tensor] of Object.entries(outputs)) {
        if (name.startsWith('present')) past[name.replace('present', 'past_key_values')] = tensor;
      }
      cache = new DynamicCache(past);
      const logits = outputs.logits as Tensor;
      const vocab = logits.dims.at(-1) as number;
      const row = (logits.data as Float32Array).subarray((input.length - 1) * vocab, input.length * vocab);
      const history = [...prompt, ...generated];
      const token = constraint
        ? constraint.choose(row, (logits) => sample(logits, history))
        : sample(row, history);
      if (opened.eos.has(token)) break;
      generated.push(token);
      usage.completionTokens = generated.length;
      input = [token];
      // Constrained text is the tokens' texts joined: exactly what the grammar saw.
      text = constraint
        ? text + constraint.accept(token)
        : opened.tokenizer.decode(generated, { skip_special_tokens: true });
      const { delta, stopped } = stopText.update(text);
      if (delta) yield { type: 'text-delta', text: delta };
      if (stopped || constraint?.done) {
        yield { type: 'finish', finishReason: 'stop', usage };
        return;
      }
    }
    const rest = stopText.flush(text);
    if (rest) yield { type: 'text-delta', text: rest };
    yield { type: 'finish', finishReason: generated.length >= maxTokens ? 'length' : 'stop', usage };
  }

  /** Each token's text, decoded after a fixed prefix so tokenizers that drop a leading space keep it. */
  const vocabularyOf = (opened: Engine): TokenVocabulary => {
    if (opened.vocabulary) return opened.vocabulary;
    const { tokenizer, model } = opened;
    const size =
      (model.config as unknown as { vocab_size?: number }).vocab_size ?? tokenizer.get_vocab().size;
    const anchor = Array.from(tokenizer.encode('a', { add_special_tokens: false }), Number);
    const anchorText = tokenizer.decode(anchor, { skip_special_tokens: true });
    const texts = Array.from({ length: size }, (_, token) => {
      const joined = tokenizer.decode([...anchor, token], { skip_special_tokens: true });
      const text = joined.startsWith(anchorText)
        ? joined.slice(anchorText.length)
        : tokenizer.decode([token], { skip_special_tokens: true });
      // Special tokens decode to nothing; a lone byte of a multi-byte character to U+FFFD.
      return text === '' || text.includes('\ufffd') || opened.eos.has(token) ? undefined : text;
    });
    opened.vocabulary = createTokenVocabulary(texts);
    return opened.vocabulary;
  };

  return {
    provider: 'transformers.js',
    modelId: options.model,
    contextSize: async () => (await load()).contextSize,
    countTokens: async (text) => (await load()).tokenizer.encode(text, { add_special_tokens: false }).length,
    stream,
    generate: (request) => collectStream(stream(request)),
    async scoreContinuations(request) {
      const opened = await load();
      const prompt = promptIds(opened, { messages: request.messages });
      const lease = await opened.scheduler.acquire(
        request.abortSignal ? { abortSignal: request.abortSignal } : {},
      );
      try {
        const scores: number[] = [];
        for (const continuation of request.continuations) {
          throwIfAborted(request.abortSignal);
          const tokens = Array.from(
            opened.tokenizer.encode(continuation, { add_special_tokens: false }),
            Number,
          );
          scores.push(await scoreTokens(opened, prompt, tokens));
        }
        return scores;
      } finally {
        lease.release();
      }
    },
    async close() {
      const opened = await engine?.catch(() => undefined);
      engine = undefined;
      if (!opened) return;
      opened.scheduler.close();
      await opened.model.dispose();
    },
  };
}

/** Log-probability of `tokens` after `prompt`: one forward pass over both, log-softmax at each position. */
async function scoreTokens(opened: Engine, prompt: number[], tokens: number[]): Promise<number> {
  if (tokens.length === 0) return 0;
  const ids = [...prompt, ...tokens];
  if (ids.length > opened.contextSize) {
    throw new LoreError(
      'BAD_REQUEST',
      `The prompt and continuation need ${ids.length} tokens but the model's context holds ${opened.contextSize}. Shorten the input.`,
    );
  }
  const { Tensor } = opened.transformers;
  const outputs = (await opened.model.forward({
    input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
  })) as Record<string, Tensor>;
  const logits = outputs.logits as Tensor;
  const vocab = logits.dims.at(-1) as number;
  const data = logits.data as Float32Array;
  let total = 0;
  tokens.forEach((token, index) => {
    const position = prompt.length - 1 + index;
    const row = data.subarray(position * vocab, (position + 1) * vocab);
    let max = Number.NEGATIVE_INFINITY;
    for (const value of row) if (value > max) max = value;
    let sum = 0;
    for (const value of row) sum += Math.exp(value - max);
    total += (row[token] as number) - max - Math.log(sum);
  });
  return total;
}
