import { z } from 'zod';
import { LoreError } from '../errors.js';
import type { SearchResult } from '../retrieval/search.js';
import { calculate } from './calculator.js';
import { defineTool, type Tool } from './tool.js';

/** What the built-in tools need from Lore: search, document text, and which collections they may touch. */
export interface BuiltinToolContext {
  /** Collections the agent may search and read; search needs at least one. */
  collections: string[];
  search(options: {
    collection: string;
    query: string;
    topK: number;
    abortSignal?: AbortSignal;
  }): Promise<SearchResult[]>;
  /** The document's collection name and its full text. */
  readDocument(id: string): Promise<{ collection: string; title: string; text: string }>;
  now?: () => Date;
}

/** Names of the built-in tools, for `POST /v1/agents/run` `tools`. */
export const builtinToolNames = ['search', 'read_document', 'calculator', 'current_time'] as const;
export type BuiltinToolName = (typeof builtinToolNames)[number];

const maxSpanChars = 4_000;

/** Creates the built-in tools: search a collection, read a document span, calculator, current time. */
export function createBuiltinTools(
  context: BuiltinToolContext,
  names: readonly BuiltinToolName[] = builtinToolNames,
): Tool[] {
  const [first, ...rest] = context.collections;
  const collection = first ? z.enum([first, ...rest]) : z.string();
  const tools: Record<BuiltinToolName, Tool> = {
    search: defineTool({
      name: 'search',
      description: 'Search the documents; returns passages with their document id and character span.',
      inputSchema: z.object({ collection, query: z.string().min(1).max(200) }),
      async execute({ collection, query }, { abortSignal }) {
        if (!context.collections.includes(collection)) {
          throw new LoreError('FORBIDDEN', `The agent may not search "${collection}".`);
        }
        const results = await context.search({ collection, query, topK: 3, abortSignal });
        return results.map((result) => ({
          documentId: result.documentId,
          title: result.title,
          start: result.start,
          end: result.end,
          text: result.text.slice(0, 800),
        }));
      },
    }) as Tool,
    read_document: defineTool({
      name: 'read_document',
      description: 'Read the text of a document between two character offsets.',
      inputSchema: z.object({
        documentId: z.string().min(1).max(100),
        start: z.int().min(0),
        end: z.int().min(0),
      }),
      async execute({ documentId, start, end }) {
        const document = await context.readDocument(documentId);
        if (!context.collections.includes(document.collection)) {
          throw new LoreError('FORBIDDEN', `The agent may not read document ${documentId}.`);
        }
        if (end <= start) throw new Error('end must be greater than start.');
        const stop = Math.min(end, start + maxSpanChars, document.text.length);
        return { title: document.title, start, end: stop, text: document.text.slice(start, stop) };
      },
    }) as Tool,
    calculator: defineTool({
      name: 'calculator',
      // No example here: small models copy it verbatim into their calls.
      description: 'Evaluate an arithmetic expression made of numbers, + - * / ^ and parentheses.',
      inputSchema: z.object({ expression: z.string().min(1).max(100) }),
      async execute({ expression }) {
        return { expression, result: calculate(expression) };
      },
    }) as Tool,
    current_time: defineTool({
      name: 'current_time',
      description: 'The current date and time in UTC.',
      inputSchema: z.object({}),
      async execute() {
        const now = (context.now ?? (() => new Date()))();
        const weekday = now.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
        return { iso: now.toISOString(), year: now.getUTCFullYear(), weekday };
      },
    }) as Tool,
  };
  return names.map((name) => tools[name]);
}
