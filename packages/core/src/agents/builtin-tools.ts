import { z } from 'zod';
import { LoreError } from '../errors.js';
import { retrievalDefaults } from '../retrieval/defaults.js';
import type { SearchResult } from '../retrieval/search.js';
import { type BuiltinToolName, builtinToolNames } from './builtin-tool-names.js';
import { calculate } from './calculator.js';
import { defineTool, type Tool } from './tool.js';

export { type BuiltinToolName, builtinToolNames };

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

/** Characters read_document returns, and of each search passage: enough for a fact, short for a small context. */
const spanChars = 1_500;
const passageChars = 700;

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
      description:
        'Find passages about a query in a collection of documents. Returns the best 3 passages, each with its documentId and start offset.',
      inputSchema: z.object({ collection, query: z.string().min(1).max(200) }),
      async execute({ collection, query }, { abortSignal }) {
        if (!context.collections.includes(collection)) {
          throw new LoreError('FORBIDDEN', `The agent may not search "${collection}".`);
        }
        const results = await context.search({
          collection,
          query,
          topK: retrievalDefaults.agentSearch.topK,
          abortSignal,
        });
        return results.map((result) => ({
          documentId: result.documentId,
          title: result.title,
          start: result.start,
          text: result.text.slice(0, passageChars),
        }));
      },
    }) as Tool,
    read_document: defineTool({
      name: 'read_document',
      description: `Read ${spanChars} characters of a document from the offset start, e.g. to see what follows a passage that search found.`,
      inputSchema: z.object({
        documentId: z.string().min(1).max(100),
        start: z.int().min(0),
      }),
      async execute({ documentId, start }) {
        const document = await context.readDocument(documentId).catch((error: unknown) => {
          if (!LoreError.is(error) || error.code !== 'NOT_FOUND') throw error;
          throw new Error(`There is no document "${documentId}": use a documentId from a search result.`);
        });
        if (!context.collections.includes(document.collection)) {
          throw new LoreError('FORBIDDEN', `The agent may not read document ${documentId}.`);
        }
        if (start >= document.text.length) {
          throw new Error(`start is past the end of the document (${document.text.length} characters).`);
        }
        const end = Math.min(start + spanChars, document.text.length);
        return { title: document.title, start, end, text: document.text.slice(start, end) };
      },
    }) as Tool,
    calculator: defineTool({
      name: 'calculator',
      // No example here: small models copy it verbatim into their calls.
      description:
        'Evaluate an arithmetic expression made of numbers, + - * / ^ and parentheses. Use it for every calculation.',
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
