import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { streamEvents } from '../errors.js';
import { ErrorSchema, json, NameParam } from '../schemas.js';

const AskRequestSchema = z
  .object({
    question: z.string().min(1).max(8_000),
    topK: z.number().int().min(1).max(50).optional(),
    rerank: z.boolean().optional(),
    stream: z.boolean().optional(),
    chatId: z.string().optional(),
    temperature: z.number().min(0).max(2).optional(),
    // 0 keeps only the most likely token, as in the OpenAI API (whose range is 0 to 1).
    topP: z.number().min(0).max(1).optional(),
    seed: z.number().int().optional(),
    maxTokens: z.number().int().min(1).max(8_192).optional(),
  })
  .strict()
  .openapi('AskRequest');

const CitationSchema = z
  .object({
    marker: z.number().int(),
    chunkId: z.string(),
    documentId: z.string(),
    title: z.string(),
    page: z.number().int().optional(),
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
    supported: z.boolean(),
    support: z.number(),
    inferred: z.boolean(),
  })
  .openapi('Citation');

const AskResponseSchema = z
  .object({
    answer: z.string(),
    answerable: z.boolean(),
    question: z.string(),
    citations: z.array(CitationSchema),
    usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }),
    finishReason: z.enum(['stop', 'length', 'abort']),
    chatId: z.string().optional(),
  })
  .openapi('AskResponse');

/** Grounded answers: `/ask`, plain or as server-sent events (a failure ends them with an `error` event). */
export function askRoutes(lore: Lore, options: { log: (error: unknown) => void }) {
  const app = new OpenAPIHono();
  return app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/collections/{name}/ask',
      middleware: scope('read'),
      request: {
        params: NameParam,
        body: { content: { 'application/json': { schema: AskRequestSchema } }, required: true },
      },
      responses: {
        200: {
          content: {
            'application/json': { schema: AskResponseSchema },
            'text/event-stream': {
              schema: z.string().openapi({ description: 'sources, token*, citations, done; or error' }),
            },
          },
          description:
            'The answer with its citations; with stream=true, events `sources`, `token`, `citations`, `done`, or `error` carrying the error body when it fails',
        },
        400: json(ErrorSchema, 'Bad request'),
        404: json(ErrorSchema, 'No such collection or chat'),
        503: json(ErrorSchema, 'No language model, or all generation slots busy'),
      },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      const { stream, question, topK, rerank, chatId, temperature, topP, seed, maxTokens } =
        c.req.valid('json');
      const askOptions = {
        collection: name,
        question,
        topK,
        rerank,
        chatId,
        sampling: { temperature, topP, seed, maxTokens },
        abortSignal: c.req.raw.signal,
      };
      if (!stream) return c.json(await lore.ask(askOptions), 200);
      const events = lore.askStream(askOptions)[Symbol.asyncIterator]();
      const first = await events.next(); // errors before the first event still become JSON errors
      return streamEvents(c, options, async (sse) => {
        for (let next = first; !next.done; next = await events.next()) {
          const event = next.value;
          if (event.type === 'text-delta')
            await sse.writeSSE({ event: 'token', data: JSON.stringify({ text: event.text }) });
          else if (event.type === 'citations')
            await sse.writeSSE({ event: 'citations', data: JSON.stringify(event.citations) });
          else if (event.type === 'sources')
            await sse.writeSSE({ event: 'sources', data: JSON.stringify(event.sources) });
          else if (event.type === 'done') await sse.writeSSE({ event: 'done', data: JSON.stringify(event) });
        }
      });
    },
  );
}
