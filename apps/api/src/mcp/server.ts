import type { OpenAPIHono } from '@hono/zod-openapi';
import { type Lore, LoreError, retrievalDefaults } from '@lore/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';
import { hasScope, scope } from '../auth/scope.js';
import { errorMessage } from '../errors.js';

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/** Runs a tool body; a LoreError becomes an MCP error result the client shows, not a protocol failure. */
async function reply(work: () => Promise<unknown>): Promise<ToolResult> {
  try {
    const value = await work();
    return { content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) }] };
  } catch (error) {
    if (!LoreError.is(error)) throw error;
    return { content: [{ type: 'text', text: `${error.code}: ${errorMessage(error)}` }], isError: true };
  }
}

/**
 * Lore as an MCP server with the tools search, ask and ingest_text. `canIngest` guards ingest_text (the
 * HTTP endpoint checks the caller's key scope; stdio runs locally with full access).
 */
export function createLoreMcpServer(lore: Lore, options: { canIngest?: () => boolean } = {}): McpServer {
  const server = new McpServer({ name: 'lore', version: '0.1.0' });
  server.registerTool(
    'search',
    {
      description: 'Search a Lore collection; returns the best passages with document ids and spans.',
      inputSchema: {
        collection: z.string().describe('Collection name'),
        query: z.string().min(1).max(4_000),
        topK: z.number().int().min(1).max(50).optional(),
        rerank: z.boolean().optional(),
      },
    },
    ({ collection, query, topK, rerank }) =>
      reply(async () => {
        const results = await lore.search({
          collection,
          query,
          topK: topK ?? retrievalDefaults.mcpSearch.topK,
          rerank: rerank ?? false,
        });
        return results.map(({ documentId, title, text, score, start, end }) => ({
          documentId,
          title,
          score,
          start,
          end,
          text,
        }));
      }),
  );
  server.registerTool(
    'ask',
    {
      description: 'Answer a question from a Lore collection, with numbered citations of the sources.',
      inputSchema: { collection: z.string(), question: z.string().min(1).max(8_000) },
    },
    ({ collection, question }) =>
      reply(async () => {
        const result = await lore.ask({ collection, question });
        const citations = result.citations.map(({ marker, documentId, title, start, end }) => ({
          marker,
          documentId,
          title,
          start,
          end,
        }));
        return { answer: result.answer, answerable: result.answerable, citations };
      }),
  );
  server.registerTool(
    'ingest_text',
    {
      description:
        'Add a text document to a Lore collection (created if missing); waits until it is searchable.',
      inputSchema: {
        collection: z.string(),
        text: z.string().min(1).max(1_000_000),
        title: z.string().max(500).optional(),
      },
    },
    ({ collection, text, title }) =>
      reply(async () => {
        if (options.canIngest && !options.canIngest()) {
          throw new LoreError('FORBIDDEN', 'This key lacks the "ingest" scope that ingest_text needs.');
        }
        await lore.collections.get(collection).catch(async (error: unknown) => {
          if (LoreError.is(error) && error.code === 'NOT_FOUND')
            await lore.collections.create({ name: collection });
          else throw error;
        });
        const { documents } = await lore.ingest({
          collection,
          documents: [{ text, ...(title && { title }) }],
          wait: true,
        });
        return documents.map(({ id, title, status, error }) => ({ id, title, status, error }));
      }),
  );
  return server;
}

/** Mounts MCP over streamable HTTP at `/mcp` (stateless: one server and transport per request). */
export function mountMcp(app: OpenAPIHono, lore: Lore): void {
  app.all('/mcp', scope('read'), async (c) => {
    const server = createLoreMcpServer(lore, { canIngest: () => hasScope('ingest') });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  });
}
