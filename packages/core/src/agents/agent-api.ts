import { type ClassifyOptions, type ClassifyResult, classifyWithModel } from '../classification/classify.js';
import { LoreError, requireLanguageModel } from '../errors.js';
import type { SearchOptions, SearchResult } from '../retrieval/search.js';
import type { LanguageModel } from '../spec/language-model.js';
import type { Collection, DocumentRecord } from '../spec/metadata-store.js';
import { type AgentResult, type RunAgentOptions, runAgentLoop } from './agent.js';
import { type BuiltinToolName, builtinToolNames, createBuiltinTools } from './builtin-tools.js';
import { groundedPolicy } from './grounded.js';
import { connectMcpTools, type McpServerConfig, type McpToolSet } from './mcp-tools.js';
import type { Tool } from './tool.js';

export interface AgentRunOptions extends Omit<RunAgentOptions, 'tools'> {
  /** Collections the built-in search and read_document tools may use. */
  collections?: string[];
  /** Built-in tool names and/or your own tools (default: every built-in that applies). */
  tools?: (BuiltinToolName | Tool)[];
  /** External MCP servers whose tools join the run (named `mcp<n>_<tool>` when several). */
  mcpServers?: McpServerConfig[];
}

/** Agents and the LLM as a classifier. */
export interface Agents {
  /** Runs the tool-calling agent loop; every step is recorded and returned. */
  runAgent(options: AgentRunOptions): Promise<AgentResult>;
  /** Picks a label for `input` from the model's token probabilities. */
  classify(options: ClassifyOptions): Promise<ClassifyResult>;
}

/**
 * What the agents' tools see: a wrapped view (e.g. the API's scoped Lore) passes its own functions, so the
 * tools run through its search and document checks.
 */
export interface AgentContext {
  languageModel: LanguageModel | undefined;
  search(options: SearchOptions & { collection: string }): Promise<SearchResult[]>;
  collections: {
    get(name: string): Promise<Collection>;
    list(): Promise<Collection[]>;
  };
  documents: {
    get(id: string): Promise<DocumentRecord>;
    content(id: string): Promise<string>;
  };
}

/** Creates `runAgent` and `classify` on the given model, search and documents. */
export function createAgents(context: AgentContext): Agents {
  return {
    async runAgent(options) {
      const model = requireLanguageModel(context.languageModel, 'Agents');
      const collections = options.collections ?? [];
      for (const name of collections) await context.collections.get(name);
      const builtins = createBuiltinTools({
        collections,
        search: (request) => context.search(request),
        async readDocument(id) {
          const document = await context.documents.get(id);
          const collection = (await context.collections.list()).find(
            (item) => item.id === document.collectionId,
          );
          if (!collection) throw new LoreError('NOT_FOUND', `Document ${id} does not exist.`);
          return {
            collection: collection.name,
            title: document.title,
            text: await context.documents.content(id),
          };
        },
      });
      const byName = new Map(builtins.map((tool) => [tool.name, tool]));
      const requested = options.tools ?? [
        ...(collections.length > 0 ? (['search', 'read_document'] as const) : []),
        'calculator' as const,
        'current_time' as const,
      ];
      const tools = requested.map((entry) => {
        if (typeof entry !== 'string') return entry;
        const tool = byName.get(entry);
        if (!tool) {
          throw new LoreError(
            'BAD_REQUEST',
            `Unknown tool "${entry}". Built-in tools: ${builtinToolNames.join(', ')}.`,
          );
        }
        if ((entry === 'search' || entry === 'read_document') && collections.length === 0) {
          throw new LoreError(
            'BAD_REQUEST',
            `The ${entry} tool needs at least one collection in "collections".`,
          );
        }
        return tool;
      });
      const connected: McpToolSet[] = [];
      try {
        const servers = options.mcpServers ?? [];
        for (const [index, server] of servers.entries()) {
          const set = await connectMcpTools(server, servers.length > 1 ? { prefix: `mcp${index + 1}` } : {});
          connected.push(set);
          tools.push(...set.tools);
        }
        const grounded = await groundedPolicy({
          model,
          input: options.input,
          collections,
          tools,
          caller: options,
          ...(options.abortSignal && { abortSignal: options.abortSignal }),
        });
        return await runAgentLoop(model, { ...options, ...grounded, tools });
      } finally {
        await Promise.allSettled(connected.map((set) => set.close()));
      }
    },
    async classify(options) {
      return classifyWithModel(context.languageModel, options);
    },
  };
}
