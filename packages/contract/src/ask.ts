import { UsageSchema } from './common.js';
import { SearchResultSchema } from './search.js';
import { z } from './zod.js';

export const AskRequestSchema = z
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
    scope: z.enum(['auto', 'chunks', 'document']).optional().openapi({
      description:
        '`chunks`: answer from the best passages; `document`: read one document whole (map-reduce over its chunks); `auto` (default): `document` when the question asks about a document as a whole (summarise, list all …)',
    }),
    documentId: z.string().min(1).optional().openapi({
      description:
        'The document a whole-document answer reads (default: the best-ranked document for the question); ignored by `chunks`',
    }),
  })
  .strict()
  .openapi('AskRequest');

export const CitationSchema = z
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

/** How much of the document a whole-document answer read; present only on such answers. */
export const CoverageSchema = z
  .object({
    documentId: z.string(),
    title: z.string(),
    chunksRead: z.number().int(),
    chunksTotal: z.number().int(),
  })
  .openapi('Coverage');

/** A passage as the answer's prompt numbered it. */
export const AskSourceSchema = SearchResultSchema.extend({ marker: z.number().int() });

export const AskResponseSchema = z
  .object({
    answer: z.string(),
    answerable: z.boolean(),
    question: z.string(),
    citations: z.array(CitationSchema),
    usage: UsageSchema,
    finishReason: z.enum(['stop', 'length', 'abort']),
    chatId: z.string().optional(),
    coverage: CoverageSchema.optional(),
    sources: z.array(AskSourceSchema).optional().openapi({
      description:
        'Every passage the prompt held, numbered as the citations mark them, with its scores (the JSON response; a stream sends them in its sources event)',
    }),
  })
  .openapi('AskResponse');

/**
 * The data of each event of the ask stream (`stream: true`): `sources`, `token`*, `citations`, `done`; a
 * whole-document answer sends `progress` first, once before it reads the document and after each section it
 * reduces to notes. A failure after the headers ends the stream with `error` instead, carrying the error
 * body (`ErrorSchema`).
 */
export const askEvents = {
  progress: z.object({
    done: z.number().int().openapi({ description: 'Sections of the document reduced to notes so far' }),
    total: z.number().int().openapi({
      description:
        'Sections the document was split into; fewer are read when the time budget runs out (see coverage)',
    }),
  }),
  sources: z.array(AskSourceSchema),
  token: z.object({ text: z.string() }),
  citations: z.array(CitationSchema),
  done: AskResponseSchema.omit({ question: true, sources: true }),
} as const;

/** An ask request's body. */
export type AskRequest = z.infer<typeof AskRequestSchema>;
/** One citation of an answer. */
export type Citation = z.infer<typeof CitationSchema>;
/** How much of its document a whole-document answer read. */
export type Coverage = z.infer<typeof CoverageSchema>;
/** A grounded answer with its checked citations. */
export type AskResponse = z.infer<typeof AskResponseSchema>;
/** A passage of the ask stream's `sources` event. */
export type AskSource = z.infer<typeof AskSourceSchema>;
/** The data of each ask stream event, by event name. */
export type AskEventData = { [E in keyof typeof askEvents]: z.infer<(typeof askEvents)[E]> };
