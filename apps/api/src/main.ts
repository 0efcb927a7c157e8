import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createContainer } from './container.js';
import { defaultWebRoot } from './web.js';

const config = loadConfig();
const lore = await createContainer(config);
const app = createApp(lore, { maxRequestBytes: config.maxRequestBytes, webRoot: defaultWebRoot });

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  console.log(`Lore is listening on http://${info.address}:${info.port} (data in ${config.dataDir})`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`[lore] ${signal}: stopping`);
  server.close();
  await lore.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
