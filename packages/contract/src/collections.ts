import { JsonObjectSchema } from './common.js';
import { z } from './zod.js';

export const CollectionSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string() })
  .openapi('Collection');

export const CreateCollectionSchema = z.object({ name: z.string().openapi({ example: 'papers' }) });

export const CollectionListSchema = z.object({ data: z.array(CollectionSchema) });

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

export const DocumentListSchema = z.object({ data: z.array(DocumentSchema) });

/** `GET /v1/documents/{id}/content`: the extracted text that chunk spans index into. */
export const DocumentContentSchema = z.object({ id: z.string(), text: z.string() });

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

/** The data of each event of `GET /v1/jobs/{id}/events`: `progress`, then `done`, or `error`. */
export const jobEvents = { progress: JobSchema, done: JobSchema } as const;

/** A collection as the API returns it. */
export type Collection = z.infer<typeof CollectionSchema>;
/** A document record as the API returns it (`chunks`, ISO dates). */
export type LoreDocument = z.infer<typeof DocumentSchema>;
/** An ingestion job: status, progress and per-document errors. */
export type Job = z.infer<typeof JobSchema>;
/** What an upload answers: the documents as queued (or processed, with wait) and their job. */
export type IngestResponse = z.infer<typeof IngestResponseSchema>;
/** The data of each job stream event, by event name. */
export type JobEventData = { [E in keyof typeof jobEvents]: z.infer<(typeof jobEvents)[E]> };
