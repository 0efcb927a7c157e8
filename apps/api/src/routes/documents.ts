import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  DocumentContentSchema,
  DocumentListSchema,
  DocumentSchema,
  ErrorSchema,
  IdParam,
  IngestResponseSchema,
  JsonObjectSchema,
  NameParam,
  TextDocumentSchema,
} from '@lore/contract';
import { defaultUploadLimits, type IngestInput, type Lore, LoreError } from '@lore/core';
import type { Context } from 'hono';
import { scope } from '../auth/scope.js';
import { json } from '../schemas.js';
import { documentJson } from '../serialize.js';

/**
 * Reads an upload: multipart `file` fields (+ optional `metadata` JSON), or a JSON text document. Each file
 * is held to the per-file size here; lore.ingest checks type, archive bombs and nesting before storing.
 */
async function readUpload(c: Context, maxFileBytes: number): Promise<IngestInput[]> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    let form: Awaited<ReturnType<typeof c.req.parseBody>>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch (cause) {
      throw new LoreError(
        'BAD_REQUEST',
        'The multipart body is malformed: send it as a browser or curl -F would.',
        {
          cause,
        },
      );
    }
    const files = [form.file ?? []].flat().filter((value): value is File => value instanceof File);
    if (files.length === 0) {
      throw new LoreError('BAD_REQUEST', 'The form has no "file" field: attach one or more files as "file".');
    }
    let metadata: Record<string, unknown> = {};
    if (typeof form.metadata === 'string' && form.metadata.trim()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(form.metadata);
      } catch (cause) {
        throw new LoreError('BAD_REQUEST', 'The "metadata" field is not valid JSON.', { cause });
      }
      const result = JsonObjectSchema.safeParse(parsed);
      if (!result.success)
        throw new LoreError(
          'BAD_REQUEST',
          `The "metadata" field must be a JSON object: ${z.prettifyError(result.error)}`,
        );
      metadata = result.data;
    }
    const inputs: IngestInput[] = [];
    for (const file of files) {
      if (file.size > maxFileBytes) {
        throw new LoreError(
          'PAYLOAD_TOO_LARGE',
          `"${file.name}" is ${file.size} bytes, more than the ${maxFileBytes} allowed per file (LORE_MAX_FILE_MB).`,
        );
      }
      // Type, archive bombs and nesting are checked by lore.ingest, on every path in.
      const bytes = new Uint8Array(await file.arrayBuffer());
      inputs.push({ bytes, fileName: file.name, mimeType: file.type || undefined, metadata });
    }
    return inputs;
  }
  if (type.startsWith('application/json')) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch (cause) {
      throw new LoreError('BAD_REQUEST', 'The request body is not valid JSON.', { cause });
    }
    const result = TextDocumentSchema.safeParse(body);
    if (!result.success) {
      throw new LoreError('BAD_REQUEST', `Invalid document: ${z.prettifyError(result.error)}`);
    }
    return [result.data];
  }
  throw new LoreError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Send multipart/form-data with "file" fields, or application/json with { "text" }.',
  );
}

/** Documents: upload into a collection, list, read, delete. */
export function documentRoutes(lore: Lore, options: { maxFileBytes?: number } = {}) {
  const maxFileBytes = options.maxFileBytes ?? defaultUploadLimits.maxFileBytes;
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/collections/{name}/documents',
    request: {
      params: NameParam,
      query: z.object({ wait: z.enum(['true', 'false']).optional() }),
      body: {
        content: {
          'multipart/form-data': {
            schema: z.object({
              file: z.string().openapi({ type: 'string', format: 'binary' }),
              metadata: z.string().optional().openapi({ description: 'JSON object applied to every file' }),
            }),
          },
          'application/json': { schema: TextDocumentSchema },
        },
      },
    },
    responses: {
      201: json(IngestResponseSchema, 'Processed (wait=true): each document indexed or failed'),
      202: json(IngestResponseSchema, 'Queued; follow the job'),
      400: json(ErrorSchema, 'Bad upload'),
      404: json(ErrorSchema, 'No such collection'),
      413: json(ErrorSchema, 'A file or the request is too large, or an archive bomb'),
      415: json(ErrorSchema, 'A file type Lore cannot read (judged by content)'),
      422: json(ErrorSchema, 'Nested too deep, or damaged'),
    },
  });
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/collections/{name}/documents',
        middleware: scope('read'),
        request: { params: NameParam },
        responses: {
          200: json(DocumentListSchema, 'Documents of the collection'),
          404: json(ErrorSchema, 'No such collection'),
        },
      }),
      async (c) => {
        const documents = await lore.documents.list(c.req.valid('param').name);
        return c.json({ data: documents.map(documentJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/documents/{id}',
        middleware: scope('read'),
        request: { params: IdParam },
        responses: {
          200: json(DocumentSchema, 'The document'),
          404: json(ErrorSchema, 'No such document'),
        },
      }),
      async (c) => c.json(documentJson(await lore.documents.get(c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/documents/{id}/content',
        middleware: scope('read'),
        request: { params: IdParam },
        responses: {
          200: json(DocumentContentSchema, 'Extracted text; spans index into it'),
          404: json(ErrorSchema, 'No such document'),
          409: json(ErrorSchema, 'Not indexed yet'),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        return c.json({ id, text: await lore.documents.content(id) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/documents/{id}',
        middleware: scope('ingest'),
        request: { params: IdParam },
        responses: { 204: { description: 'Deleted' }, 404: json(ErrorSchema, 'No such document') },
      }),
      async (c) => {
        await lore.documents.delete(c.req.valid('param').id);
        return c.body(null, 204);
      },
    )
    .post('/v1/collections/:name/documents', scope('ingest'), async (c) => {
      const collection = c.req.param('name');
      await lore.collections.get(collection);
      const documents = await readUpload(c, maxFileBytes);
      const wait = c.req.query('wait') === 'true';
      const result = await lore.ingest({ collection, documents, wait, abortSignal: c.req.raw.signal });
      const body = { documents: result.documents.map(documentJson), jobId: result.job.id };
      return c.json(body, wait ? 201 : 202);
    });
}
