import { LoreError, type LoreErrorCode } from '@lore/core/errors';
import type { FinishReason, GenerateOptions, LanguageModel, StreamPart, Usage } from '@lore/core/spec';
import { collectStream } from './collect-stream.js';
import { readServerSentEvents } from './sse.js';
import { checkStructuredStream, createStructuredOutputCache } from './structured/index.js';

/** Settings for a model served over the OpenAI chat-completions protocol (vLLM, llama.cpp server, Ollama). */
export interface OpenAICompatibleModelOptions {
  /** Base URL including the API version, e.g. `http://localhost:8000/v1`. */
  baseURL: string;
  apiKey?: string;
  /** Model name as the server knows it. */
  model: string;
  /** Context window in tokens; by default read from `/models` (vLLM's `max_model_len`, llama.cpp's `n_ctx_train`), else 4096. */
  contextSize?: number;
  headers?: Record<string, string>;
}

interface Chunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

const statusCodes: Record<number, LoreErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'BAD_REQUEST',
  429: 'RATE_LIMITED',
  503: 'OVERLOADED',
};

/** Creates a LanguageModel that streams from an OpenAI-compatible server with plain fetch and SSE. */
export function createOpenAICompatibleModel(options: OpenAICompatibleModelOptions): LanguageModel {
  const baseURL = options.baseURL.replace(/\/+$/, '');
  const headers = {
    'content-type': 'application/json',
    ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
    ...options.headers,
  };
  let contextSize: Promise<number> | undefined;
  const structured = createStructuredOutputCache();

  const request = async (path: string, init: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${baseURL}${path}`, { ...init, headers });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new LoreError(
        'MODEL_UNAVAILABLE',
        `Could not reach ${baseURL}${path}. Is the model server running?`,
        {
          cause: error,
        },
      );
    }
    if (response.ok) return response;
    const detail = (await response.text().catch(() => '')).slice(0, 500);
    throw new LoreError(
      statusCodes[response.status] ?? 'MODEL_UNAVAILABLE',
      `${baseURL}${path} answered ${response.status} for model ${options.model}: ${detail}`,
    );
  };

  const readContextSize = async (): Promise<number> => {
    if (options.contextSize) return options.contextSize;
    const response = await request('/models', { method: 'GET' }).catch(() => undefined);
    const body = (await response?.json().catch(() => undefined)) as
      | { data?: { id: string; max_model_len?: number; meta?: { n_ctx_train?: number } }[] }
      | undefined;
    const entry = body?.data?.find((model) => model.id === options.model) ?? body?.data?.[0];
    return entry?.max_model_len ?? entry?.meta?.n_ctx_train ?? 4096;
  };

  async function* stream(generate: GenerateOptions): AsyncGenerator<StreamPart> {
    // The server enforces the format; Lore rejects what it could not enforce itself and validates the result.
    const output = structured(generate.responseFormat);
    if (!output) yield* streamText(generate);
    else yield* checkStructuredStream(streamText(generate), output, generate.maxTokens);
  }

  async function* streamText(generate: GenerateOptions): AsyncGenerator<StreamPart> {
    const format = generate.responseFormat;
    const usage: Usage = { promptTokens: 0, completionTokens: 0 };
    let finishReason: FinishReason = 'stop';
    let chunks = 0;
    let reportedUsage = false;
    try {
      const response = await request('/chat/completions', {
        method: 'POST',
        ...(generate.abortSignal && { signal: generate.abortSignal }),
        body: JSON.stringify({
          model: options.model,
          messages: generate.messages,
          stream: true,
          stream_options: { include_usage: true },
          temperature: generate.temperature,
          top_p: generate.topP,
          max_tokens: generate.maxTokens,
          stop: format && format.type !== 'text' ? undefined : generate.stop,
          response_format:
            format?.type === 'json_schema'
              ? {
                  type: 'json_schema',
                  json_schema: { name: format.name ?? 'response', schema: format.schema, strict: true },
                }
              : format,
          seed: generate.seed,
          // Not in OpenAI's API, but read by vLLM and llama.cpp's server.
          top_k: generate.topK,
          min_p: generate.minP,
          repetition_penalty: generate.repetitionPenalty,
        }),
      });
      if (!response.body) throw new LoreError('MODEL_UNAVAILABLE', `${baseURL} sent no response body.`);
      for await (const data of readServerSentEvents(response.body)) {
        if (data === '[DONE]') break;
        const chunk = JSON.parse(data) as Chunk;
        const choice = chunk.choices?.[0];
        const text = choice?.delta?.content;
        if (text) {
          chunks++;
          yield { type: 'text-delta', text };
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
        if (chunk.usage) {
          reportedUsage = true;
          usage.promptTokens = chunk.usage.prompt_tokens ?? 0;
          usage.completionTokens = chunk.usage.completion_tokens ?? 0;
        }
      }
    } catch (error) {
      if (!generate.abortSignal?.aborted) throw error;
      finishReason = 'abort';
    }
    // Servers stream about one token per chunk; count chunks where they report no usage.
    if (!reportedUsage) usage.completionTokens = chunks;
    yield { type: 'finish', finishReason, usage };
  }

  return {
    provider: 'openai-compatible',
    modelId: options.model,
    contextSize: () => {
      contextSize ??= readContextSize();
      return contextSize;
    },
    async countTokens(text) {
      // vLLM and llama.cpp's server expose /tokenize next to /v1; other servers get a 4-characters-per-token estimate.
      const origin = baseURL.replace(/\/v1$/, '');
      const response = await fetch(`${origin}/tokenize`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: options.model, content: text, prompt: text }),
      }).catch(() => undefined);
      const body = response?.ok
        ? ((await response.json().catch(() => undefined)) as
            | { tokens?: unknown[]; count?: number }
            | undefined)
        : undefined;
      return body?.count ?? body?.tokens?.length ?? Math.ceil(text.length / 4);
    },
    stream,
    generate: (options) => collectStream(stream(options)),
    close: async () => undefined,
  };
}
