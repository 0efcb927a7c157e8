import { JobSchema } from './collections.js';
import { z } from './zod.js';

/** Longest schedule accepted for a source: a year. */
const longestInterval = 365 * 24 * 3600;

export const SourceSchema = z
  .object({
    id: z.string(),
    collectionId: z.string(),
    kind: z.enum(['folder', 'url']),
    /** The folder's absolute path on the server, or a url source's sitemap or start page. */
    path: z.string(),
    /** A url source's page limit per sync (null: the default, 100; always null for a folder). */
    maxPages: z.number().int().nullable(),
    /** A url source's link depth from the start page (null: the default, 2; always null for a folder). */
    maxDepth: z.number().int().nullable(),
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
    path: z.string().min(1).max(4096).optional().openapi({
      description:
        "A folder source: a folder on the server's disk (absolute, or relative to the server's working folder)",
      example: '/home/me/notes',
    }),
    url: z.string().min(1).max(4096).optional().openapi({
      description:
        'A url source: an http(s) sitemap (urlset or sitemap index) whose pages are synced, or a start page whose same-site links are crawled',
      example: 'https://docs.example.com/sitemap.xml',
    }),
    maxPages: z.number().int().min(1).max(10_000).optional().openapi({
      description: 'A url source: pages read per sync (default 100)',
    }),
    maxDepth: z.number().int().min(0).max(10).optional().openapi({
      description: 'A url source: links followed from the start page (default 2; 0: the start page alone)',
    }),
    intervalSeconds: z.number().int().min(1).max(longestInterval).nullable().optional().openapi({
      description: 'Sync every this many seconds (by the worker process); omitted or null: only when asked',
    }),
  })
  .strict()
  .superRefine((value, context) => {
    if ((value.path === undefined) === (value.url === undefined))
      context.addIssue({
        code: 'custom',
        path: ['path'],
        message: 'Give either path (a folder on the server) or url (a sitemap or start page), not both.',
      });
    else if (value.path !== undefined && (value.maxPages !== undefined || value.maxDepth !== undefined))
      context.addIssue({
        code: 'custom',
        path: ['maxPages'],
        message: 'maxPages and maxDepth are for url sources, not folders.',
      });
  })
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

/** A folder or url source as the API returns it. */
export type Source = z.infer<typeof SourceSchema>;
/** Options of registering a folder or url source. */
export type CreateSourceOptions = z.infer<typeof CreateSourceSchema>;
/** What a sync found and the job that ingests its new and changed files. */
export type SyncResponse = z.infer<typeof SyncResponseSchema>;
