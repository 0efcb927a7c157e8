import { z } from './zod.js';

export const ModelSchema = z.object({
  id: z.string(),
  object: z.literal('model'),
  created: z.number(),
  owned_by: z.string(),
});

/** `GET /v1/models`, in the OpenAI shape. */
export const ModelListSchema = z.object({ object: z.literal('list'), data: z.array(ModelSchema) });

/** A model the server lists: the chat model, one `lore:<collection>` per collection, the embedder. */
export type ModelInfo = z.infer<typeof ModelSchema>;
