/**
 * How much each path retrieves when its caller does not say: the one place these numbers live. The HTTP
 * API, the CLI and the MCP server read them from here instead of writing their own.
 */
export const retrievalDefaults = Object.freeze({
  /** `lore.search`, POST /v1/collections/{name}/search and `lore search`. */
  search: Object.freeze({
    topK: 10,
    mode: 'hybrid',
    /** Candidates each retriever hands to fusion (at least topK). */
    candidates: 100,
    /** Fused results the reranker re-scores with `rerank: true` (at least topK). */
    rerankCandidates: 20,
  } as const),
  /** Passages retrieved for a grounded answer (`ask`, `askStream`, chat completions over a collection). */
  ask: Object.freeze({ topK: 8 } as const),
  /** Passages `generateObject` grounds an object on when given a collection. */
  generateObject: Object.freeze({ topK: 5 } as const),
  /** The MCP server's `search` tool. */
  mcpSearch: Object.freeze({ topK: 5 } as const),
  /** The agents' built-in `search` tool. */
  agentSearch: Object.freeze({ topK: 3 } as const),
});
