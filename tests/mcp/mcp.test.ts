import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { connectMcpTools, type McpToolSet, runTool } from '@lore/core/internal';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testModelsDir } from '../setup/postgres.js';
import { createTestLore } from '../support/lore.js';

const cli = resolve(import.meta.dirname, '../../apps/api/src/cli/main.ts');
const textOf = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as { type: string; text: string }[]).map((part) => part.text).join('');

describe('Lore as an MCP server over stdio (the SDK client spawns `lore mcp`)', () => {
  let dir: string;
  let client: Client;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lore-mcp-'));
    client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--conditions=lore-source', '--import', 'tsx', cli, 'mcp'],
        env: {
          ...(process.env as Record<string, string>),
          LORE_DATA_DIR: join(dir, 'data'),
          LORE_MODELS_DIR: testModelsDir(),
          LORE_EMBEDDING_MODEL: 'use-lite-en',
          LORE_LLM_MODEL: '',
        },
        stderr: 'ignore',
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('lists search, ask and ingest_text with their input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['ask', 'ingest_text', 'search']);
    const search = tools.find((tool) => tool.name === 'search');
    expect(search?.inputSchema.required).toEqual(['collection', 'query']);
  });

  test('ingests text, then search finds it; a missing collection is an error result', async () => {
    for (const [title, text] of [
      ['Owls', 'Owls hunt at night and can turn their heads 270 degrees.'],
      ['Bees', 'Honey bees dance to tell the hive where the flowers are.'],
    ]) {
      const ingested = await client.callTool({
        name: 'ingest_text',
        arguments: { collection: 'animals', title, text },
      });
      expect(ingested.isError).toBeFalsy();
      expect(JSON.parse(textOf(ingested))[0].status).toBe('indexed');
    }
    const found = await client.callTool({
      name: 'search',
      arguments: { collection: 'animals', query: 'which bird turns its head at night?', topK: 2 },
    });
    const results = JSON.parse(textOf(found));
    expect(results.map((result: { title: string }) => result.title)).toEqual(['Owls', 'Bees']);
    expect(results[0].text).toContain('270 degrees');

    const missing = await client.callTool({ name: 'search', arguments: { collection: 'nope', query: 'x' } });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/NOT_FOUND/);
  }, 120_000);
});

describe('Lore as an MCP server over streamable HTTP at /mcp', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  let server: ReturnType<typeof serve>;
  let url: string;
  beforeAll(async () => {
    env = await createTestLore('pglite');
    await env.lore.collections.create({ name: 'notes' });
    await env.lore.ingest({
      collection: 'notes',
      documents: [{ title: 'Tea', text: 'Green tea is steeped at 80 degrees for two minutes.' }],
      wait: true,
    });
    await new Promise<void>((ready) => {
      server = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        url = `http://127.0.0.1:${info.port}/mcp`;
        ready();
      });
    });
  }, 120_000);
  afterAll(async () => {
    server?.close();
    await env?.cleanup();
  });

  test('the SDK client lists the tools and calls search', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['ask', 'ingest_text', 'search']);
      const found = await client.callTool({
        name: 'search',
        arguments: { collection: 'notes', query: 'how hot should the water be for tea' },
      });
      expect(JSON.parse(textOf(found))[0].text).toContain('80 degrees');
    } finally {
      await client.close();
    }
  });
});

describe('the agent side: connectMcpTools wraps an external MCP server (here `lore mcp`) as agent tools', () => {
  let dir: string;
  let set: McpToolSet;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lore-mcp-client-'));
    set = await connectMcpTools(
      {
        command: process.execPath,
        args: ['--conditions=lore-source', '--import', 'tsx', cli, 'mcp'],
        env: {
          ...(process.env as Record<string, string>),
          LORE_DATA_DIR: join(dir, 'data'),
          LORE_MODELS_DIR: testModelsDir(),
          LORE_EMBEDDING_MODEL: 'use-lite-en',
          LORE_LLM_MODEL: '',
        },
      },
      { prefix: 'lore', connectTimeoutMs: 170_000 },
    );
  }, 180_000);
  afterAll(async () => {
    await set?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('tools keep their JSON schemas; calls return the output, and MCP errors become error results', async () => {
    expect(set.tools.map((tool) => tool.name).sort()).toEqual([
      'lore_ask',
      'lore_ingest_text',
      'lore_search',
    ]);
    const search = set.tools.find((tool) => tool.name === 'lore_search');
    const ingest = set.tools.find((tool) => tool.name === 'lore_ingest_text');
    if (!search || !ingest) throw new Error('missing tools');
    expect('jsonSchema' in search.inputSchema && search.inputSchema.jsonSchema.required).toEqual([
      'collection',
      'query',
    ]);
    const ingested = await runTool(
      ingest,
      { collection: 'tea', text: 'Green tea is steeped at 80 degrees.' },
      {
        timeoutMs: 60_000,
      },
    );
    expect(JSON.stringify(ingested)).toContain('indexed');
    const found = await runTool(
      search,
      { collection: 'tea', query: 'tea temperature' },
      { timeoutMs: 60_000 },
    );
    expect('output' in found && String(found.output)).toContain('80 degrees');
    const missing = await runTool(search, { collection: 'nope', query: 'x' }, { timeoutMs: 60_000 });
    expect('error' in missing && missing.error).toMatch(/NOT_FOUND/);
  }, 120_000);
});
