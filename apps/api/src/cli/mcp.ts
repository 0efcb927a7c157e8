import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Config } from '../config.js';
import { createContainer } from '../container.js';
import { createLoreMcpServer } from '../mcp/server.js';

/** `lore mcp`: Lore as an MCP server over stdio, until the client closes stdin. */
export async function runMcp(config: Config): Promise<number> {
  // stdout carries the protocol: anything else printed there (progress, logs) goes to stderr.
  console.log = console.error;
  console.info = console.error;
  const lore = await createContainer(config);
  const server = createLoreMcpServer(lore);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  await server.connect(new StdioServerTransport());
  // The SDK's stdio transport does not notice a closed stdin; end the session when the client goes away.
  process.stdin.once('end', () => void server.close());
  process.once('SIGTERM', () => void server.close());
  process.once('SIGINT', () => void server.close());
  await closed;
  await lore.close();
  return 0;
}
