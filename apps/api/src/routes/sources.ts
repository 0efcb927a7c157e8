import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  CreateSourceSchema,
  ErrorSchema,
  IdParam,
  NameParam,
  SourceListSchema,
  SourceSchema,
  SyncResponseSchema,
} from '@lore/contract';
import type { Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { json } from '../schemas.js';
import { sourceJson, syncJson } from '../serialize.js';

const flag = z.enum(['true', 'false']).optional();

/** Folder and url sources: register with a collection, list, sync (a job), delete. Same scope as ingesting. */
export function sourceRoutes(lore: Lore) {
  return new OpenAPIHono()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/collections/{name}/sources',
        middleware: scope('ingest'),
        request: {
          params: NameParam,
          body: { content: { 'application/json': { schema: CreateSourceSchema } }, required: true },
        },
        responses: {
          201: json(SourceSchema, 'Registered; sync it with POST /v1/sources/{id}/sync'),
          400: json(
            ErrorSchema,
            'Not a folder the server can read, not an http(s) URL, or a bad interval or limit',
          ),
          403: json(
            ErrorSchema,
            'Outside the folders this server may sync (LORE_SYNC_ROOTS), or a URL whose host resolves to a private, loopback or link-local address (LORE_FETCH_ALLOW_PRIVATE, LORE_FETCH_ALLOW_HOSTS)',
          ),
          404: json(ErrorSchema, 'No such collection'),
          409: json(ErrorSchema, 'The collection has a source for this folder already'),
        },
      }),
      async (c) => {
        const collection = c.req.valid('param').name;
        const { path, url, maxPages, maxDepth, intervalSeconds } = c.req.valid('json');
        const source = await lore.sources.create(
          url === undefined
            ? { collection, path: path ?? '', intervalSeconds }
            : { collection, url, maxPages, maxDepth, intervalSeconds },
        );
        return c.json(sourceJson(source), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/collections/{name}/sources',
        middleware: scope('ingest'),
        request: { params: NameParam },
        responses: {
          200: json(SourceListSchema, 'Sources of the collection'),
          404: json(ErrorSchema, 'No such collection'),
        },
      }),
      async (c) => {
        const sources = await lore.sources.list(c.req.valid('param').name);
        return c.json({ data: sources.map(sourceJson) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/sources',
        middleware: scope('ingest'),
        responses: { 200: json(SourceListSchema, 'Sources of every collection the key may use') },
      }),
      async (c) => c.json({ data: (await lore.sources.list()).map(sourceJson) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/sources/{id}',
        middleware: scope('ingest'),
        request: { params: IdParam },
        responses: { 200: json(SourceSchema, 'The source'), 404: json(ErrorSchema, 'No such source') },
      }),
      async (c) => c.json(sourceJson(await lore.sources.get(c.req.valid('param').id)), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/sources/{id}/sync',
        middleware: scope('ingest'),
        request: { params: IdParam, query: z.object({ wait: flag }) },
        responses: {
          200: json(SyncResponseSchema, 'Synced (wait=true): every queued document indexed or failed'),
          202: json(
            SyncResponseSchema,
            'Renames and deletions done, new and changed files queued; follow the job',
          ),
          400: json(ErrorSchema, 'The folder is gone or no longer readable; nothing was changed'),
          403: json(
            ErrorSchema,
            "robots.txt disallows the source's URL, or it leads to a refused address; nothing was changed",
          ),
          503: json(ErrorSchema, 'The site cannot be reached or answers an error; nothing was changed'),
          404: json(ErrorSchema, 'No such source'),
          409: json(ErrorSchema, 'The source is being synced already'),
        },
      }),
      async (c) => {
        const wait = c.req.valid('query').wait === 'true';
        const result = await lore.sources.sync(c.req.valid('param').id, {
          wait,
          abortSignal: c.req.raw.signal,
        });
        return c.json(syncJson(result), wait ? 200 : 202);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/v1/sources/{id}',
        middleware: scope('ingest'),
        request: { params: IdParam, query: z.object({ keepDocuments: flag }) },
        responses: {
          204: { description: 'Deleted, with the documents it brought in unless keepDocuments=true' },
          404: json(ErrorSchema, 'No such source'),
        },
      }),
      async (c) => {
        const keepDocuments = c.req.valid('query').keepDocuments === 'true';
        await lore.sources.delete(c.req.valid('param').id, { keepDocuments });
        return c.body(null, 204);
      },
    );
}
