import { JsonObjectSchema, UsageSchema } from './common.js';
import { SearchResultSchema } from './search.js';
import { z } from './zod.js';

export const GenerateObjectRequestSchema = z
  .object({
    schema: JsonObjectSchema.openapi({ description: 'The JSON schema the object must match' }),
    schemaName: z.string().max(64).optional(),
    prompt: z.string().min(1).max(16_000).optional(),
    system: z.string().max(8_000).optional(),
    messages: z
      .array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(16_000) }))
      .max(100)
      .optional(),
    collection: z
      .string()
      .optional()
      .openapi({ description: 'Ground the object on passages retrieved from this collection' }),
    topK: z.number().int().min(1).max(50).optional(),
    temperature: z.number().min(0).max(2).optional(),
    seed: z.number().int().optional(),
    maxTokens: z.number().int().min(1).max(8_192).optional(),
  })
  .strict()
  .openapi('GenerateObjectRequest');

export const GenerateObjectResponseSchema = z
  .object({
    object: z.unknown(),
    text: z.string(),
    finishReason: z.enum(['stop', 'length', 'abort']),
    usage: UsageSchema,
    sources: z.array(SearchResultSchema).optional(),
  })
  .openapi('GenerateObjectResponse');

export const ClassifyRequestSchema = z
  .object({
    input: z.string().min(1).max(16_000),
    labels: z.array(z.string().min(1).max(200)).min(2).max(50),
    instruction: z.string().max(2_000).optional(),
  })
  .strict()
  .openapi('ClassifyRequest');

export const ClassifyResponseSchema = z
  .object({
    label: z.string(),
    labels: z.array(z.object({ label: z.string(), probability: z.number() })),
  })
  .openapi('ClassifyResponse');

/** A generateObject request's body. */
export type GenerateObjectRequest = z.infer<typeof GenerateObjectRequestSchema>;
/** The object, the JSON text the model wrote, usage and, when grounded, the sources. */
export type GenerateObjectResponse = z.infer<typeof GenerateObjectResponseSchema>;
/** A classify request's body: a text and its candidate labels. */
export type ClassifyRequest = z.infer<typeof ClassifyRequestSchema>;
/** The best label and a probability for each. */
export type ClassifyResult = z.infer<typeof ClassifyResponseSchema>;
