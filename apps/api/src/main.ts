import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { LoreError } from '@lore/core';
import { createApp } from './app.js';
import { resolveAuthMode } from './auth/binding.js';
import { loadConfig } from './config.js';
import { createContainer } from './container.js';
import { errorMessage } from './errors.js';
import { createGracefulShutdown } from './shutdown.js';
import { startTracing } from './tracing.js';
import { defaultWebRoot } from './web.js';

const config = loadConfig();
let auth: ReturnType<typeof resolveAuthMode>;
try {
  auth = resolveAuthMode(config.host, config.auth, (message) => console.warn(message));
} catch (error) {
  console.error(`[lore] ${(error as Error).message}`);
  process.exit(1);
}
const tracing = startTracing(config);
const lore = await createContainer(config).catch((error: unknown) => {
  if (!LoreError.is(error)) throw error;
  console.error(`[lore] ${errorMessage(error)}`); // e.g. the data folder in use: say which variable moves it
  process.exit(1);
});
const app = createApp(lore, {
  maxRequestBytes: config.maxRequestBytes,
  maxFileBytes: config.maxFileBytes,
  webRoot: defaultWebRoot,
  auth,
  rateLimit: config.rateLimit,
  allowedHosts: config.allowedHosts,
  allowedOrigins: config.allowedOrigins,
});

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  console.log(`Lore is listening on http://${info.address}:${info.port} (data in ${config.dataDir})`);
});

// SIGTERM/SIGINT: stop accepting, let requests in flight finish, stop the worker after its batch, close.
const shutdown = createGracefulShutdown({
  server: server as Server,
  close: async () => {
    await lore.close();
    await tracing?.shutdown();
  },
  timeoutMs: config.shutdownTimeoutMs,
  log: (message) => console.log(message),
  exit: (code) => process.exit(code),
});
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
