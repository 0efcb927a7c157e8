import { z } from '@hono/zod-openapi';
import { defaultUploadLimits, retrievalDefaults } from '@lore/core';
import { valueDepth } from '@lore/core/internal';

/** An OpenAPI JSON body (request or response) with the given schema and description. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** The `{name}` path parameter of collection routes. */
export const NameParam = z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' } }) });

/** The `{id}` path parameter of routes about one record. */
export const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

/** Wire shapes of the REST API; also the source of `/openapi.json`. */
export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error');

export const CollectionSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string() })
  .openapi('Collection');

export const CreateCollectionSchema = z.object({ name: z.string().openapi({ example: 'papers' }) });

export const DocumentStatusSchema = z.enum(['queued', 'parsing', 'embedding', 'indexed', 'failed']);

export const DocumentSchema = z
  .object({
    id: z.string(),
    collection: z.string().optional(),
    title: z.string(),
    status: DocumentStatusSchema,
    chunks: z.number().int(),
    mimeType: z.string().nullable(),
    contentHash: z.string(),
    error: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    jobId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Document');

/** Deepest nesting accepted in request JSON (metadata, JSON schemas); deeper values would overflow the stack. */
export const maxJsonDepth = defaultUploadLimits.maxNestingDepth;

/** A JSON object nested at most `maxJsonDepth` levels (refused with 400 before any recursive code sees it). */
export const JsonObjectSchema = z.record(z.string(), z.unknown()).superRefine((value, context) => {
  const depth = valueDepth(value);
  if (depth > maxJsonDepth)
    context.addIssue({
      code: 'custom',
      message: `The object nests ${depth} levels deep, more than the ${maxJsonDepth} Lore accepts; flatten it.`,
    });
});

export const TextDocumentSchema = z
  .object({
    text: z.string().min(1),
    title: z.string().max(500).optional(),
    metadata: JsonObjectSchema.optional(),
  })
  .openapi('TextDocument');

export const JobSchema = z
  .object({
    id: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    errors: z.array(z.object({ documentId: z.string(), title: z.string(), message: z.string() })),
    documents: z.array(DocumentSchema).optional(),
  })
  .openapi('Job');

export const IngestResponseSchema = z
  .object({ documents: z.array(DocumentSchema), jobId: z.string().optional() })
  .openapi('IngestResponse');

export const SearchRequestSchema = z
  .object({
    query: z.string().min(1).max(4_000),
    topK: z.number().int().min(1).max(100).default(retrievalDefaults.search.topK),
    mode: z.enum(['hybrid', 'vector', 'keyword']).default(retrievalDefaults.search.mode),
    rerank: z
      .boolean()
      .optional()
      .openapi({
        description: `Re-score the best ${retrievalDefaults.search.rerankCandidates} results with the reranker`,
      }),
    filter: z
      .object({
        documentIds: z.array(z.string()).max(1_000).optional(),
        metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('SearchRequest');

export const SearchResultSchema = z
  .object({
    chunkId: z.string(),
    documentId: z.string(),
    title: z.string(),
    text: z.string(),
    score: z.number(),
    start: z.number().int(),
    end: z.number().int(),
    page: z.number().int().optional(),
    metadata: z.record(z.string(), z.unknown()),
  })
  .openapi('SearchResult');
