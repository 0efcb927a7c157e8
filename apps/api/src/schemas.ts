import type { z } from '@hono/zod-openapi';

// The wire shapes themselves live in @lore/contract; this is how a route names one in /openapi.json.

/** An OpenAPI JSON body (request or response) with the given schema and description. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
