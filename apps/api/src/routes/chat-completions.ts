import { randomUUID } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type ChatCompletionRequest, ChatCompletionRequestSchema, ErrorSchema } from '@lore/contract';
import {
  type AskEvent,
  type ChatMessage,
  type Lore,
  LoreError,
  type ResponseFormat,
  requireLanguageModel,
  type SamplingOptions,
  type StreamPart,
} from '@lore/core';
import { scope } from '../auth/scope.js';
import {
  completeWithTools,
  toolAwareMessages,
  toolCompletionDeltas,
  toolCompletionMessage,
} from '../chat-tools.js';
import { streamEvents } from '../errors.js';
import { json } from '../schemas.js';

type Request = ChatCompletionRequest;

function text(content: Request['messages'][number]['content']): string {
  if (content == null) return '';
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function sampling(body: Request): SamplingOptions {
  return {
    temperature: body.temperature,
    topP: body.top_p,
    maxTokens: body.max_completion_tokens ?? body.max_tokens,
    stop: typeof body.stop === 'string' ? [body.stop] : body.stop,
    seed: body.seed,
  };
}

/** OpenAI's `response_format` as the model contract's; a schema-less json_schema allows any JSON. */
function responseFormat(body: Request): ResponseFormat | undefined {
  const format = body.response_format;
  if (format?.type !== 'json_schema') return format;
  const { name, schema = {} } = format.json_schema;
  return { type: 'json_schema', name, schema };
}

/** A piece of a completion: text, or the ending with its reason, usage and extra fields. */
type Piece =
  | { text: string }
  | {
      finishReason: 'stop' | 'length';
      usage: { promptTokens: number; completionTokens: number };
      /** The final text when it differs from the joined pieces (a grounded answer is trimmed). */
      content?: string;
      extra?: object;
    };

async function* modelPieces(parts: AsyncIterable<StreamPart>): AsyncGenerator<Piece> {
  for await (const part of parts) {
    if (part.type === 'text-delta') yield { text: part.text };
    else yield { finishReason: part.finishReason === 'length' ? 'length' : 'stop', usage: part.usage };
  }
}

async function* askPieces(
  first: IteratorResult<AskEvent>,
  rest: AsyncIterator<AskEvent>,
): AsyncGenerator<Piece> {
  for (let next = first; !next.done; next = await rest.next()) {
    const event = next.value;
    if (event.type === 'text-delta') yield { text: event.text };
    if (event.type === 'done') {
      yield {
        finishReason: 'stop',
        usage: event.usage,
        content: event.answer,
        extra: { citations: event.citations },
      };
    }
  }
}

const usageJson = (usage: { promptTokens: number; completionTokens: number }) => ({
  prompt_tokens: usage.promptTokens,
  completion_tokens: usage.completionTokens,
  total_tokens: usage.promptTokens + usage.completionTokens,
});

/** OpenAI `POST /v1/chat/completions`: the local LLM, or `lore:<collection>` for answers with citations. */
export function chatCompletionRoutes(lore: Lore, { log }: { log: (error: unknown) => void }) {
  return new OpenAPIHono().openapi(
    createRoute({
      method: 'post',
      path: '/v1/chat/completions',
      middleware: scope('read'),
      request: {
        body: { content: { 'application/json': { schema: ChatCompletionRequestSchema } }, required: true },
      },
      responses: {
        200: {
          content: { 'application/json': { schema: z.any() }, 'text/event-stream': { schema: z.string() } },
          description: 'OpenAI chat completion (or SSE chunks)',
        },
        400: json(ErrorSchema, 'Bad request'),
        404: json(ErrorSchema, 'Unknown model'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const abortSignal = c.req.raw.signal;
      const model = requireLanguageModel(lore.languageModel, 'Chat completions');
      const messages: ChatMessage[] = toolAwareMessages(
        body.messages.map((message) => ({
          ...message,
          role: message.role === 'developer' ? 'system' : message.role,
          content: text(message.content),
        })),
      );
      const collection = body.model.startsWith('lore:') ? body.model.slice(5) : null;
      if (!collection && body.model !== model.modelId) {
        throw new LoreError(
          'NOT_FOUND',
          `Model "${body.model}" is not served here; use "${model.modelId}" or lore:<collection> (GET /v1/models lists them).`,
        );
      }
      const id = `chatcmpl-${randomUUID()}`;
      const created = Math.floor(Date.now() / 1000);
      const base = { id, created, model: body.model };
      const chunk = (delta: object, finishReason: string | null, extra: object = {}) => ({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finishReason }],
        ...extra,
      });

      // Both paths below produce text pieces, then one ending; one JSON shape and one SSE writer serve them.
      const respond = async (pieces: AsyncIterable<Piece>) => {
        if (!body.stream) {
          let content = '';
          for await (const piece of pieces) {
            if ('text' in piece) content += piece.text;
            else {
              return c.json(
                {
                  ...base,
                  object: 'chat.completion',
                  choices: [
                    {
                      index: 0,
                      message: { role: 'assistant', content: piece.content ?? content },
                      finish_reason: piece.finishReason,
                    },
                  ],
                  usage: usageJson(piece.usage),
                  ...piece.extra,
                },
                200,
              );
            }
          }
          throw new LoreError('INTERNAL', 'The generation ended without a finish.');
        }
        // Once headers are sent, a failure goes out as a data line the openai client raises.
        return streamEvents(c, { log, errorAs: 'data' }, async (sse) => {
          await sse.writeSSE({ data: JSON.stringify(chunk({ role: 'assistant', content: '' }, null)) });
          for await (const piece of pieces) {
            if ('text' in piece) {
              await sse.writeSSE({ data: JSON.stringify(chunk({ content: piece.text }, null)) });
              continue;
            }
            await sse.writeSSE({ data: JSON.stringify(chunk({}, piece.finishReason, piece.extra)) });
            if (body.stream_options?.include_usage) {
              const usage = usageJson(piece.usage);
              await sse.writeSSE({ data: JSON.stringify({ ...chunk({}, null), choices: [], usage }) });
            }
          }
          await sse.writeSSE({ data: '[DONE]' });
        });
      };

      const format = responseFormat(body);
      if (body.tools?.length && body.tool_choice !== 'none') {
        if (collection || (format && format.type !== 'text')) {
          throw new LoreError(
            'BAD_REQUEST',
            'tools work with the model itself and without response_format; drop one of them.',
          );
        }
        const completion = await completeWithTools(model, {
          tools: body.tools,
          toolChoice: body.tool_choice,
          messages,
          sampling: sampling(body),
          abortSignal,
        });
        const { message, finishReason } = toolCompletionMessage(completion);
        const usage = usageJson(completion.result.usage);
        if (!body.stream) {
          const choices = [{ index: 0, message, finish_reason: finishReason }];
          return c.json({ ...base, object: 'chat.completion', choices, usage }, 200);
        }
        return streamEvents(c, { log, errorAs: 'data' }, async (sse) => {
          for (const delta of toolCompletionDeltas(completion)) {
            await sse.writeSSE({ data: JSON.stringify(chunk(delta, null)) });
          }
          await sse.writeSSE({ data: JSON.stringify(chunk({}, finishReason)) });
          if (body.stream_options?.include_usage) {
            await sse.writeSSE({ data: JSON.stringify({ ...chunk({}, null), choices: [], usage }) });
          }
          await sse.writeSSE({ data: '[DONE]' });
        });
      }
      if (!collection) {
        const parts = model.stream({ ...sampling(body), responseFormat: format, messages, abortSignal });
        // Awaiting the first part turns an unsupported schema into a 400, also before a stream starts.
        const iterator = parts[Symbol.asyncIterator]();
        const first = await iterator.next();
        const replay = async function* () {
          if (!first.done) yield first.value;
          yield* { [Symbol.asyncIterator]: () => iterator };
        };
        return respond(modelPieces(replay()));
      }
      if (format && format.type !== 'text') {
        throw new LoreError(
          'BAD_REQUEST',
          'response_format with a lore:<collection> model is not supported; use the model itself.',
        );
      }
      const last = messages.findLast((message) => message.role === 'user');
      if (!last)
        throw new LoreError('BAD_REQUEST', 'A lore:<collection> model needs a user message to answer.');
      const history = messages.slice(0, messages.lastIndexOf(last));
      const options = { sampling: sampling(body), collection, question: last.content, history, abortSignal };
      // The first event is awaited here, so a missing collection is still a JSON error, not a broken stream.
      const events = lore.askStream(options)[Symbol.asyncIterator]();
      const first = await events.next();
      return respond(askPieces(first, events));
    },
  );
}
