import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { EmbeddingsRequestSchema, ModelListSchema } from '@lore/contract';
import { type Lore, LoreError } from '@lore/core';
import { scope } from '../auth/scope.js';

/** Little-endian float32 bytes as base64: what the official clients ask for by default. */
function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** The OpenAI-compatible model list and embeddings endpoint; chat completions accept the listed chat ids. */
export function modelAndEmbeddingRoutes(lore: Lore) {
  const embedderId = () => lore.embedder.modelId;
  return new OpenAPIHono()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/models',
        middleware: scope('read'),
        responses: {
          200: {
            content: {
              'application/json': {
                schema: ModelListSchema,
              },
            },
            description:
              'The chat model (by its short id), one `lore:<collection>` model per collection, and the embedding model',
          },
        },
      }),
      async (c) => {
        const created = Math.floor(Date.now() / 1000);
        const model = (id: string) => ({ id, object: 'model' as const, created, owned_by: 'lore' });
        const collections = await lore.collections.list();
        // Chat models first: a chat UI that picks the first model gets one it can chat with.
        const chat = lore.languageModel ? [model(lore.languageModel.modelId)] : [];
        const answers = collections.map((collection) => model(`lore:${collection.name}`));
        return c.json({ object: 'list' as const, data: [...chat, ...answers, model(embedderId())] }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/embeddings',
        middleware: scope('read'),
        request: {
          body: { content: { 'application/json': { schema: EmbeddingsRequestSchema } }, required: true },
        },
        responses: {
          200: {
            content: { 'application/json': { schema: z.any() } },
            description: 'OpenAI embeddings response',
          },
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        if (body.model && body.model !== embedderId()) {
          throw new LoreError(
            'NOT_FOUND',
            `Model "${body.model}" is not served here; use "${embedderId()}".`,
          );
        }
        const values = typeof body.input === 'string' ? [body.input] : body.input;
        const dimensions = await lore.embedder.dimensions();
        if (body.dimensions && body.dimensions !== dimensions) {
          throw new LoreError(
            'BAD_REQUEST',
            `${embedderId()} returns ${dimensions} dimensions; omit "dimensions".`,
          );
        }
        const { embeddings } = await lore.embedder.embed({
          values,
          kind: 'document',
          abortSignal: c.req.raw.signal,
        });
        const tokenizer = await lore.embedder.tokenizer();
        const tokens = values.reduce((sum, value) => sum + tokenizer.count(value), 0);
        return c.json(
          {
            object: 'list',
            model: embedderId(),
            data: embeddings.map((embedding, index) => ({
              object: 'embedding',
              index,
              embedding: body.encoding_format === 'base64' ? toBase64(embedding) : embedding,
            })),
            usage: { prompt_tokens: tokens, total_tokens: tokens },
          },
          200,
        );
      },
    );
}
