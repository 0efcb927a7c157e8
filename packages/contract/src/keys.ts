import { z } from './zod.js';

export const ScopeSchema = z.enum(['read', 'ingest', 'admin']);

export const ApiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string(),
    name: z.string(),
    scopes: z.array(ScopeSchema),
    collections: z.array(z.string()).nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

export const CreateApiKeySchema = z
  .object({
    name: z.string().max(200).optional(),
    scopes: z.array(ScopeSchema).min(1),
    collections: z.array(z.string().min(1).max(64)).min(1).max(1_000).optional(),
  })
  .strict()
  .openapi('CreateApiKey');

/** A new key: `key` is the secret, shown this once. */
export const CreatedApiKeySchema = ApiKeySchema.extend({ key: z.string() });

export const ApiKeyListSchema = z.object({ data: z.array(ApiKeySchema) });

/** Options of creating a key: scopes and, optionally, the collections it is limited to. */
export type CreateApiKeyOptions = z.infer<typeof CreateApiKeySchema>;
/** A new key: `key` is the secret, shown this once. */
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;
/** An API key as listed (never its secret). */
export type ApiKeyInfo = z.infer<typeof ApiKeySchema>;
