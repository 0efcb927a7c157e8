import { JobSchema } from './collections.js';
import { z } from './zod.js';

/** Longest schedule accepted for a source: a year. */
const longestInterval = 365 * 24 * 3600;

export const SourceSchema = z
  .object({
    id: z.string(),
    collectionId: z.string(),
    kind: z.enum(['folder']),
    /** The folder's absolute path on the server. */
    path: z.string(),
    intervalSeconds: z.number().int().nullable(),
    syncStartedAt: z.string().nullable(),
    syncedAt: z.string().nullable(),
    lastJobId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Source');

export const CreateSourceSchema = z
  .object({
    path: z.string().min(1).max(4096).openapi({
      description: "A folder on the server's disk (absolute, or relative to the server's working folder)",
      example: '/home/me/notes',
    }),
    intervalSeconds: z.number().int().min(1).max(longestInterval).nullable().optional().openapi({
      description: 'Sync every this many seconds (by the worker process); omitted or null: only when asked',
    }),
  })
  .strict()
  .openapi('CreateSource');

export const SourceListSchema = z.object({ data: z.array(SourceSchema) });

/** What `POST /v1/sources/{id}/sync` answers: what the sync found, and the job ingesting the new and changed files. */
export const SyncResponseSchema = z
  .object({
    source: SourceSchema,
    job: JobSchema,
    added: z.number().int(),
    changed: z.number().int(),
    renamed: z.number().int(),
    deleted: z.number().int(),
    unchanged: z.number().int(),
    skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  })
  .openapi('SyncResult');

/** A folder source as the API returns it. */
export type Source = z.infer<typeof SourceSchema>;
/** Options of registering a folder source. */
export type CreateSourceOptions = z.infer<typeof CreateSourceSchema>;
/** What a sync found and the job that ingests its new and changed files. */
export type SyncResponse = z.infer<typeof SyncResponseSchema>;
