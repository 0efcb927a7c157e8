import { basename } from 'node:path';
import { LoreError } from '@lore/core/errors';
import type {
  GenerateOptions,
  GenerateResult,
  LanguageModel,
  SamplingOptions,
  StreamPart,
} from '@lore/core/spec';
import {
  type ChatWrapper,
  getLlama,
  type Llama,
  LlamaChat,
  type LlamaContextSequence,
  type LlamaGrammar,
  LlamaLogLevel,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import { collectStream } from './collect-stream.js';
import { commonPrefixLength, toChatHistory, toFinishReason, toLlamaSampling } from './llama-cpp-sampling.js';
import { scoreOnSequence } from './llama-cpp-scoring.js';
import { createThreadPhases, phaseThreads, type ThreadPhases } from './llama-cpp-threads.js';
import { type DownloadProgress, resolveGgufFile } from './model-file.js';
import { createPushQueue } from './push-queue.js';
import { mergeSampling } from './sampler.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import {
  checkStructuredStream,
  createStructuredOutputCache,
  retryRequest,
  type StructuredOutput,
} from './structured/index.js';

/** Settings for a GGUF model run in-process by llama.cpp. */
export interface LlamaCppModelOptions {
  /** A `.gguf` file, a folder holding one, or a hub URI such as `hf:user/repo:Q4_K_M` (downloaded on first use). */
  model: string;
  /** The id clients name the model by (`modelId`); default the file's base name without `.gguf`. */
  id?: string;
  /** Where hub models are downloaded to. */
  modelsDir?: string;
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** `'auto'` uses CUDA, Vulkan or Metal when a prebuilt binary works here; `false` forces the CPU. */
  gpu?: 'auto' | false;
  /** Context window of each slot, in tokens (default 4096, at most the model's training context). */
  contextSize?: number;
  /** Generations that run at once, each on its own context sequence (default 1). */
  slots?: number;
  /** Requests allowed to wait for a slot before new ones get `OVERLOADED` (default 32). */
  maxQueue?: number;
  /** CPU threads while decoding token by token (default: all cores but one, at least one). */
  threads?: number;
  /** Most CPU threads while a prompt is evaluated: the cores other processes leave idle, up to this (default all). */
  prefillThreads?: number;
  /** Keep each slot's evaluated tokens so the next request re-evaluates only what differs (default true). */
  prefixReuse?: boolean;
  /** Sampling settings used where a request sets none. */
  defaults?: SamplingOptions;
}

/** Per-request options of the llama.cpp provider: the contract's plus a fairness key. */
export interface LlamaCppGenerateOptions extends GenerateOptions {
  /** Requests with different keys (e.g. users) take turns in the queue. */
  clientKey?: string;
}

/** A LanguageModel backed by node-llama-cpp, with a scheduler over its slots. */
export interface LlamaCppModel extends LanguageModel {
  generate(options: LlamaCppGenerateOptions): Promise<GenerateResult>;
  stream(options: LlamaCppGenerateOptions): AsyncIterable<StreamPart>;
  /** Requests generating and waiting; prompt tokens asked for and those evaluated (the rest came from a slot's cache). */
  stats(): { running: number; queued: number; promptTokens: number; evaluatedPromptTokens: number };
}

interface Slot {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

interface Engine {
  llama: Llama;
  model: LlamaModel;
  chatWrapper: ChatWrapper;
  contextSize: number;
  scheduler: Scheduler<Slot>;
  threads: ThreadPhases;
}

async function openEngine(options: LlamaCppModelOptions): Promise<Engine> {
  const modelPath = await resolveGgufFile(options.model, {
    ...(options.modelsDir && { modelsDir: options.modelsDir }),
    ...(options.onDownloadProgress && { onProgress: options.onDownloadProgress }),
  });
  // `build: 'never'`: use the prebuilt binaries from npm, never download or compile llama.cpp at run time.
  const threads = phaseThreads(options);
  const llama = await getLlama({
    gpu: options.gpu ?? 'auto',
    build: 'never',
    logLevel: LlamaLogLevel.error,
    maxThreads: threads.prefill,
  });
  try {
    const model = await llama.loadModel({ modelPath });
    const slots = options.slots ?? 1;
    const context = await model.createContext({
      contextSize: Math.min(options.contextSize ?? 4096, model.trainContextSize),
      sequences: slots,
      // A sliding-window cache forgets old tokens, which would cap prefix reuse at the window size.
      swaFullCache: options.prefixReuse ?? true,
      // node-llama-cpp's CPU default is at least 4 threads. Its threads spin while they wait, so more threads
      // than free cores (other processes, Lore's embedding worker) slowed a 24-token answer from 0.8 s to over
      // 40 s on 2 cores. The context wants the prefill count; the phases lower it while decoding.
      threads: { ideal: threads.prefill, min: 1 },
    });
    const sequences = Array.from({ length: slots }, () => context.getSequence());
    const chats = sequences.map((sequence) => new LlamaChat({ contextSequence: sequence }));
    return {
      llama,
      model,
      chatWrapper: (chats[0] as LlamaChat).chatWrapper,
      contextSize: context.contextSize,
      scheduler: createScheduler({
        slots: sequences.map((sequence, index) => ({ sequence, chat: chats[index] as LlamaChat })),
        maxQueue: options.maxQueue ?? 32,
      }),
      threads: createThreadPhases(llama, threads),
    };
  } catch (error) {
    await llama.dispose();
    throw error;
  }
}

/**
 * A short, stable id for a model given as a path, folder or hub URI: its last path segment without `.gguf`
 * (`/models/qwen2.5-0.5b-instruct-q4_k_m.gguf` -> `qwen2.5-0.5b-instruct-q4_k_m`).
 */
export function shortModelId(model: string): string {
  const last = basename(model.replace(/[\\/]+$/, '')) || model;
  return last.replace(/\.gguf$/i, '');
}

/** Creates a LanguageModel that runs a GGUF model in-process; the model loads on first use. */
export function createLlamaCppModel(options: LlamaCppModelOptions): LlamaCppModel {
  const prefixReuse = options.prefixReuse ?? true;
  const defaults = options.defaults ?? {};
  let engine: Promise<Engine> | undefined;
  let current: Engine | undefined;
  const structured = createStructuredOutputCache();
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  const prompts = { promptTokens: 0, evaluatedPromptTokens: 0 };

  /** One LlamaGrammar per GBNF text, evicted when creating it failed. */
  const grammarFor = (opened: Engine, output: StructuredOutput): Promise<LlamaGrammar> => {
    let grammar = grammars.get(output.gbnf);
    if (!grammar) {
      if (grammars.size >= 64) grammars.delete(grammars.keys().next().value as string);
      grammar = opened.llama.createGrammar({ grammar: output.gbnf });
      grammar.catch(() => grammars.delete(output.gbnf));
      grammars.set(output.gbnf, grammar);
    }
    return grammar;
  };

  const load = (): Promise<Engine> => {
    engine ??= openEngine(options).then(
      (opened) => {
        current = opened;
        return opened;
      },
      (error: unknown) => {
        engine = undefined;
        if (LoreError.is(error)) throw error;
        throw new LoreError(
          'MODEL_UNAVAILABLE',
          `Could not load ${options.model} with llama.cpp: ${(error as Error).message}. Check that the file is a GGUF model and that memory suffices.`,
          { cause: error },
        );
      },
    );
    return engine;
  };

  const promptTokens = (
    opened: Engine,
    options: GenerateOptions,
  ): { history: ReturnType<typeof toChatHistory>; tokens: Token[] } => {
    const history = toChatHistory(options.messages);
    const { contextText } = opened.chatWrapper.generateContextState({ chatHistory: history });
    return { history, tokens: contextText.tokenize(opened.model.tokenizer) };
  };

  async function* stream(request: LlamaCppGenerateOptions): AsyncGenerator<StreamPart> {
    // Compiled before anything else, so an unsupported schema fails before the model loads.
    const output = structured(request.responseFormat);
    if (!output) {
      yield* generateText(request);
      return;
    }
    const maxTokens = mergeSampling(defaults, request).maxTokens;
    yield* checkStructuredStream(
      (attempt) => generateText(retryRequest(request, attempt), output),
      output,
      maxTokens,
    );
  }

  async function* generateText(
    request: LlamaCppGenerateOptions,
    output?: StructuredOutput,
  ): AsyncGenerator<StreamPart> {
    const opened = await load();
    const grammar = output && (await grammarFor(opened, output));
    const { history, tokens } = promptTokens(opened, request);
    const usage = { promptTokens: tokens.length, completionTokens: 0 };
    const room = opened.contextSize - tokens.length;
    if (room <= 0) {
      throw new LoreError(
        'BAD_REQUEST',
        `The prompt has ${tokens.length} tokens but the context window holds ${opened.contextSize}. Shorten the messages or raise contextSize.`,
      );
    }
    // Stop strings would cut structured output short of valid JSON; the grammar decides where it ends.
    const sampling = mergeSampling(defaults, output ? { ...request, stop: [] } : request);
    if (sampling.maxTokens !== undefined && !(sampling.maxTokens >= 1)) {
      // node-llama-cpp reads 0 as "no limit"; a request for no tokens is a caller error.
      throw new LoreError('BAD_REQUEST', `maxTokens must be at least 1, got ${sampling.maxTokens}.`);
    }
    let lease: Awaited<ReturnType<Scheduler<Slot>['acquire']>>;
    try {
      lease = await opened.scheduler.acquire({
        ...(request.clientKey !== undefined && { key: request.clientKey }),
        ...(request.abortSignal && { abortSignal: request.abortSignal }),
        affinity: (slot) => commonPrefixLength(slot.sequence.contextTokens, tokens),
      });
    } catch (error) {
      if (LoreError.is(error) && error.code === 'ABORTED') {
        yield { type: 'finish', finishReason: 'abort', usage };
        return;
      }
      throw error;
    }

    const { sequence, chat } = lease.slot;
    const stop = new AbortController();
    const signal = request.abortSignal ? AbortSignal.any([request.abortSignal, stop.signal]) : stop.signal;
    const parts = createPushQueue<StreamPart>();
    // Prefill lasts until the first token: the prompt's tokens not already in the slot's cache are evaluated.
    const evaluated = () => sequence.tokenMeter.usedInputTokens + sequence.tokenMeter.usedOutputTokens;
    const evaluatedBefore = evaluated();
    const endPrefill = opened.threads.prefill();
    let prefilled = false;
    const finishPrefill = () => {
      if (prefilled) return;
      prefilled = true;
      endPrefill();
      prompts.promptTokens += tokens.length;
      prompts.evaluatedPromptTokens += evaluated() - evaluatedBefore;
    };
    const run = (async () => {
      // A seeded request must give the same text whatever ran before it: llama.cpp's numbers depend on how
      // the prompt was split into evaluation batches, which a reused prefix changes. So it starts fresh.
      if (!prefixReuse || sampling.seed !== undefined) await sequence.clearHistory();
      const response = await chat.generateResponse(history, {
        ...toLlamaSampling(sampling),
        ...(grammar && { grammar }),
        // Never let generation overflow the window: that would shift the prompt out of the context.
        maxTokens: Math.min(sampling.maxTokens ?? room, room),
        signal,
        stopOnAbortSignal: true,
        onTextChunk: (text) => parts.push({ type: 'text-delta', text }),
        onToken: (generated) => {
          finishPrefill();
          usage.completionTokens += generated.length;
        },
      });
      return toFinishReason(response.metadata.stopReason);
    })().then(
      (finishReason) => {
        parts.push({ type: 'finish', finishReason, usage });
        parts.end();
      },
      (error: unknown) => {
        if (signal.aborted) {
          parts.push({ type: 'finish', finishReason: 'abort', usage });
          parts.end();
        } else parts.end(new LoreError('INTERNAL', 'llama.cpp generation failed.', { cause: error }));
      },
    );
    try {
      yield* parts;
    } finally {
      // Reached on completion, on error and when the consumer stops early (e.g. a client disconnected).
      stop.abort();
      await run;
      finishPrefill();
      lease.release();
    }
  }

  return {
    provider: 'llama.cpp',
    modelId: options.id ?? shortModelId(options.model),
    contextSize: async () => (await load()).contextSize,
    countTokens: async (text) => (await load()).model.tokenize(text).length,
    stream,
    generate: (request) => collectStream(stream(request)),
    async scoreContinuations(request) {
      const opened = await load();
      const { tokens } = promptTokens(opened, { messages: request.messages });
      const continuations = request.continuations.map((text) => opened.model.tokenize(text));
      // Scoring evaluates on a slot like generation does, so it waits its turn in the same scheduler.
      const lease = await opened.scheduler.acquire({
        ...(request.abortSignal && { abortSignal: request.abortSignal }),
        affinity: (slot) => commonPrefixLength(slot.sequence.contextTokens, tokens),
      });
      // Scoring evaluates batches of prompt and continuation tokens only: prefill all the way.
      const endPrefill = opened.threads.prefill();
      try {
        return await scoreOnSequence(lease.slot.sequence, tokens, continuations, request.abortSignal, {
          ...(request.reusePrefix !== undefined && { reusePrefix: request.reusePrefix }),
        });
      } finally {
        endPrefill();
        lease.release();
      }
    },
    stats: () => ({ ...(current?.scheduler.stats() ?? { running: 0, queued: 0 }), ...prompts }),
    async close() {
      const opened = await engine?.catch(() => undefined);
      engine = undefined;
      current = undefined;
      grammars.clear();
      if (!opened) return;
      opened.scheduler.close();
      await opened.llama.dispose();
    },
  };
}
