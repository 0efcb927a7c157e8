import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AskRequestSchema, AskResponseSchema, ErrorSchema, NameParam } from '@lore/contract';
import type { Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { streamEvents } from '../errors.js';
import { json } from '../schemas.js';

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
            'The answer with its citations; with stream=true, events `sources`, `token`, `citations`, `done` (a whole-document answer sends `progress` { done, total } first, after each section it reads), or `error` carrying the error body when it fails',
        },
        400: json(ErrorSchema, 'Bad request'),
        404: json(ErrorSchema, 'No such collection, chat, or document in the collection'),
        503: json(ErrorSchema, 'No language model, or all generation slots busy'),
      },
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      const {
        stream,
        question,
        topK,
        rerank,
        chatId,
        temperature,
        topP,
        seed,
        maxTokens,
        scope,
        documentId,
      } = c.req.valid('json');
      const askOptions = {
        collection: name,
        question,
        topK,
        rerank,
        chatId,
        scope,
        documentId,
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
          else if (event.type === 'progress')
            await sse.writeSSE({
              event: 'progress',
              data: JSON.stringify({ done: event.done, total: event.total }),
            });
          else if (event.type === 'done') await sse.writeSSE({ event: 'done', data: JSON.stringify(event) });
        }
      });
    },
  );
}
