import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ErrorSchema, IdParam, JobSchema } from '@lore/contract';
import type { Lore } from '@lore/core';
import { scope } from '../auth/scope.js';
import { streamEvents } from '../errors.js';
import { json } from '../schemas.js';
import { jobJson } from '../serialize.js';

/** Ingestion jobs: current state, and a server-sent event stream of its changes (failures end it with `error`). */
export function jobRoutes(lore: Lore, options: { log: (error: unknown) => void }) {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/jobs/{id}/events',
    request: { params: IdParam },
    responses: {
      200: {
        content: { 'text/event-stream': { schema: z.string() } },
        description:
          '`progress` events carrying the job (as GET /v1/jobs/{id}), then `done`; or `error` carrying the error body when it fails',
      },
      404: json(ErrorSchema, 'No such job'),
    },
  });
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/jobs/{id}',
        middleware: scope('ingest'),
        request: { params: IdParam },
        responses: {
          200: json(JobSchema, 'The job'),
          404: json(ErrorSchema, 'No such job'),
        },
      }),
      async (c) => c.json(jobJson(await lore.jobs.get(c.req.valid('param').id)), 200),
    )
    .get('/v1/jobs/:id/events', scope('ingest'), async (c) => {
      const id = c.req.param('id');
      await lore.jobs.get(id);
      const abortSignal = c.req.raw.signal;
      return streamEvents(c, options, async (stream) => {
        let last: ReturnType<typeof jobJson> | null = null;
        for await (const job of lore.jobs.watch(id, { abortSignal })) {
          last = jobJson(job);
          await stream.writeSSE({ event: 'progress', data: JSON.stringify(last) });
        }
        if (last) await stream.writeSSE({ event: 'done', data: JSON.stringify(last) });
      });
    });
}
