import { type ClassifyOptions, type ClassifyResult, classifyWithModel } from '../classification/classify.js';
import { LoreError } from '../errors.js';
import type { Lore } from '../lore.js';
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

/** Agents and the LLM as a classifier, on the Lore they are called on. */
export interface Agents {
  /** Runs the tool-calling agent loop; every step is recorded and returned. */
  runAgent(options: AgentRunOptions): Promise<AgentResult>;
  /** Picks a label for `input` from the model's token probabilities. */
  classify(options: ClassifyOptions): Promise<ClassifyResult>;
}

/**
 * Creates the agent methods. They are written on `this`, so a wrapped Lore (e.g. the API's scoped view,
 * which copies them) runs its tools through the wrapper's own search and document checks.
 */
export function createAgents(fallback: () => Lore): Agents {
  return {
    async runAgent(this: Lore | undefined, options) {
      const lore = this?.search ? this : fallback();
      const model = lore.languageModel;
      if (!model) {
        throw new LoreError(
          'MODEL_UNAVAILABLE',
          'Agents need an LLM: set LORE_LLM_MODEL or LORE_LLM_BASE_URL.',
        );
      }
      const collections = options.collections ?? [];
      for (const name of collections) await lore.collections.get(name);
      const builtins = createBuiltinTools({
        collections,
        search: (request) => lore.search(request),
        async readDocument(id) {
          const document = await lore.documents.get(id);
          const collection = (await lore.collections.list()).find(
            (item) => item.id === document.collectionId,
          );
          if (!collection) throw new LoreError('NOT_FOUND', `Document ${id} does not exist.`);
          return {
            collection: collection.name,
            title: document.title,
            text: await lore.documents.content(id),
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
    async classify(this: Lore | undefined, options) {
      const lore = this?.search ? this : fallback();
      return classifyWithModel(lore.languageModel, options);
    },
  };
}
