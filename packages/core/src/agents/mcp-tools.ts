import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoreError } from '../errors.js';
import type { JsonSchema } from '../spec/language-model.js';
import type { Tool } from './tool.js';

/** An external MCP server: a command to spawn (stdio) or a streamable HTTP URL. */
export type McpServerConfig =
  | { command: string; args?: string[]; env?: Record<string, string>; cwd?: string }
  | { url: string; headers?: Record<string, string> };

/** Tools of a connected MCP server, usable in the agent loop; `close()` disconnects. */
export interface McpToolSet {
  tools: Tool[];
  close(): Promise<void>;
}

/**
 * Connects to an MCP server with the official SDK client and wraps each of its tools as an agent tool,
 * named `<prefix>_<tool>` when a prefix is given. Tool errors (`isError`) become error results.
 */
export async function connectMcpTools(
  server: McpServerConfig,
  options: { prefix?: string; timeoutMs?: number; connectTimeoutMs?: number } = {},
): Promise<McpToolSet> {
  const client = new Client({ name: 'lore-agent', version: '0.1.0' });
  const transport =
    'url' in server
      ? new StreamableHTTPClientTransport(new URL(server.url), {
          ...(server.headers && { requestInit: { headers: server.headers } }),
        })
      : new StdioClientTransport({
          command: server.command,
          ...(server.args && { args: server.args }),
          ...(server.env && { env: server.env }),
          ...(server.cwd && { cwd: server.cwd }),
          stderr: 'ignore',
        });
  try {
    await client.connect(transport, { timeout: options.connectTimeoutMs ?? 60_000 });
  } catch (error) {
    throw new LoreError(
      'BAD_REQUEST',
      `Could not connect to the MCP server ${'url' in server ? server.url : server.command}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const { tools } = await client.listTools();
  return {
    tools: tools.map(
      (tool): Tool => ({
        name: options.prefix ? `${options.prefix}_${tool.name}` : tool.name,
        description: tool.description ?? tool.title ?? tool.name,
        inputSchema: { jsonSchema: tool.inputSchema as JsonSchema },
        ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
        async execute(input, { abortSignal }) {
          const result = await client.callTool(
            { name: tool.name, arguments: (input ?? {}) as Record<string, unknown> },
            undefined,
            { signal: abortSignal },
          );
          const content = (result.content ?? []) as { type: string; text?: string }[];
          const text = content
            .map((part) => (part.type === 'text' ? part.text : `[${part.type}]`))
            .join('\n');
          if (result.isError) throw new Error(text || `The MCP tool ${tool.name} failed.`);
          return result.structuredContent ?? text;
        },
      }),
    ),
    close: () => client.close(),
  };
}
