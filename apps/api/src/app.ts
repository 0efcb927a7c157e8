import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { HealthSchema } from '@lore/contract';
import { createScopedLore, type Lore, LoreError } from '@lore/core';
import { bodyLimit } from 'hono/body-limit';
import type { AuthMode } from './auth/binding.js';
import { authMiddleware } from './auth/middleware.js';
import { corsForOrigins, originCheck } from './auth/origin-check.js';
import { createRateLimiter, type RateLimitOptions } from './auth/rate-limit.js';
import { scope } from './auth/scope.js';
import { errorResponse } from './errors.js';
import { mountMcp } from './mcp/server.js';
import { agentRoutes } from './routes/agents.js';
import { apiDocsRoutes } from './routes/api-docs.js';
import { askRoutes } from './routes/ask.js';
import { chatCompletionRoutes } from './routes/chat-completions.js';
import { chatRoutes } from './routes/chats.js';
import { classifyRoutes } from './routes/classify.js';
import { collectionRoutes } from './routes/collections.js';
import { documentRoutes } from './routes/documents.js';
import { jobRoutes } from './routes/jobs.js';
import { keyRoutes } from './routes/keys.js';
import { modelAndEmbeddingRoutes } from './routes/models-and-embeddings.js';
import { objectRoutes } from './routes/objects.js';
import { searchRoutes } from './routes/search.js';
import { sourceRoutes } from './routes/sources.js';
import { json } from './schemas.js';
import { webRoutes } from './web.js';

export interface AppOptions {
  /** Largest request body accepted, in bytes. */
  maxRequestBytes: number;
  /** Largest single uploaded file, in bytes (default 50 MiB). */
  maxFileBytes?: number;
  log?: (error: unknown) => void;
  /** `keys`: every request but the public pages needs an API key; default `none` (a loopback server). */
  auth?: AuthMode;
  /** Requests per key (or client address) and minute, with bursts; default off. */
  rateLimit?: RateLimitOptions;
  /** Folder with the built web UI, served at `/`. */
  webRoot?: string;
  /**
   * Host names answered besides loopback (LORE_ALLOWED_HOSTS). Without keys every other Host is refused
   * (DNS rebinding); with keys the Host is checked only when this list is given.
   */
  allowedHosts?: readonly string[];
  /** Origins that may send state-changing requests and read with CORS (LORE_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
}

/** Builds the HTTP API over a Lore instance; its wire shapes are @lore/contract's schemas. */
export function createApp(unscopedLore: Lore, options: AppOptions) {
  // Routes see the caller's collections only; the auth middleware sets whose request it is.
  const lore = createScopedLore(unscopedLore);
  const log = options.log ?? ((error: unknown) => console.error(error));
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success)
        return errorResponse(new LoreError('BAD_REQUEST', z.prettifyError(result.error)), c, log);
    },
  });
  app.onError((error, c) => errorResponse(error, c, log));
  app.notFound((c) =>
    errorResponse(new LoreError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`), c, log),
  );
  const allowedHosts = options.allowedHosts ?? [];
  const allowedOrigins = options.allowedOrigins ?? [];
  if (allowedOrigins.length > 0) app.use('*', corsForOrigins(allowedOrigins));
  app.use(
    '*',
    originCheck({
      checkHost: (options.auth ?? 'none') === 'none' || allowedHosts.length > 0,
      allowedHosts,
      allowedOrigins,
    }),
  );
  app.use(
    '*',
    authMiddleware({
      mode: options.auth ?? 'none',
      keys: unscopedLore.keys,
      rateLimiter: createRateLimiter(options.rateLimit ?? { perMinute: 0, burst: 0 }),
    }),
  );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: options.maxRequestBytes,
      onError: (c) =>
        errorResponse(
          new LoreError(
            'PAYLOAD_TOO_LARGE',
            `The request is larger than ${options.maxRequestBytes} bytes (LORE_MAX_REQUEST_MB).`,
          ),
          c,
          log,
        ),
    }),
  );

  app.route('/', apiDocsRoutes());
  mountMcp(app, lore);
  if (options.webRoot) app.route('/', webRoutes(options.webRoot));

  const routes = app
    .openapi(
      createRoute({
        method: 'get',
        path: '/health',
        middleware: scope('public'),
        responses: { 200: json(HealthSchema, 'The server is up') },
      }),
      (c) => c.json({ status: 'ok' as const }, 200),
    )
    .route('/', collectionRoutes(lore))
    .route('/', documentRoutes(lore, { maxFileBytes: options.maxFileBytes }))
    .route('/', jobRoutes(lore, { log }))
    .route('/', sourceRoutes(lore))
    .route('/', searchRoutes(lore))
    .route('/', askRoutes(lore, { log }))
    .route('/', chatRoutes(lore))
    .route('/', modelAndEmbeddingRoutes(lore))
    .route('/', chatCompletionRoutes(lore, { log }))
    .route('/', keyRoutes(lore))
    .route('/', classifyRoutes(lore))
    .route('/', agentRoutes(lore))
    .route('/', objectRoutes(lore));

  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Lore API',
      version: '0.1.0',
      description: 'Local-first RAG: ingest documents, search them.',
    },
  };
  app.get('/openapi.json', scope('public'), (c) => c.json(app.getOpenAPI31Document(document)));
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
export { type AuthMode, isLoopbackHost, resolveAuthMode } from './auth/binding.js';
export { createRateLimiter, type RateLimiter } from './auth/rate-limit.js';
export { declaredScope, type RouteScope } from './auth/scope.js';
export { EnvSchema } from './config.js';
