import { type ClassifyOptions, type ClassifyResult, classifyWithModel } from '../classification/classify.js';
import { LoreError } from '../errors.js';
import type { Lore } from '../lore.js';
import { type AgentResult, type RunAgentOptions, runAgentLoop } from './agent.js';
import { type BuiltinToolName, builtinToolNames, createBuiltinTools } from './builtin-tools.js';
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

/**
 * With collections, an agent answers from the documents: the system prompt says so (search, calculate,
 * quote, or say "not in the documents"), and the first step is a search, so a small model neither answers
 * from memory nor guesses a document id. The caller's own instructions, toolChoice or prepareStep take precedence.
 */
function groundedDefaults(
  options: AgentRunOptions,
  collections: string[],
  tools: Tool[],
): Pick<RunAgentOptions, 'instructions' | 'prepareStep' | 'maxAnswerChars'> {
  if (collections.length === 0 || !tools.some((tool) => tool.name === 'search')) return {};
  const names = collections.map((name) => `"${name}"`).join(', ');
  const calculator = tools.some((tool) => tool.name === 'calculator');
  const arithmetic = calculator
    ? ' For any arithmetic, call calculator with the numbers from the documents.'
    : '';
  return {
    instructions:
      options.instructions ??
      `You answer questions from the documents in the collection ${names}. Search first, and answer only with facts from the tool results, in the language of the question.${arithmetic} To quote, copy the exact words of a passage. If the documents do not contain the answer, answer "not in the documents".`,
    // Facts and quotes are short; a bound keeps a small model from rambling until maxTokens.
    maxAnswerChars: options.maxAnswerChars ?? 400,
    ...(!options.prepareStep &&
      !options.toolChoice && {
        prepareStep: ({ stepNumber }) => (stepNumber === 1 ? { tool: 'search' } : undefined),
      }),
  };
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
        return await runAgentLoop(model, {
          ...options,
          ...groundedDefaults(options, collections, tools),
          tools,
        });
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
