/** What an embedding is for: e5-style models embed queries and documents with different prefixes. */
export type EmbeddingKind = 'query' | 'document';

export interface EmbedOptions {
  values: string[];
  kind?: EmbeddingKind;
  abortSignal?: AbortSignal;
}

export interface EmbedResult {
  /** One vector per input value, in input order. */
  embeddings: number[][];
}

/** Counts tokens with a model's own tokenizer, so chunks fit the model that will read them. */
export interface TokenCounter {
  /** Number of tokens `text` becomes, without special tokens. */
  count(text: string): number;
  /** The longest input, in tokens, the model reads before it truncates. */
  readonly maxTokens: number;
}

/** Turns texts into vectors. Batch at the interface: a local model needs batches to be fast. */
export interface Embedder {
  readonly provider: string;
  readonly modelId: string;
  /** Length of every vector this model returns (loads the model if needed). */
  dimensions(): Promise<number>;
  embed(options: EmbedOptions): Promise<EmbedResult>;
  /** The model's own tokenizer as a token counter (loads it if needed). */
  tokenizer(): Promise<TokenCounter>;
  close(): Promise<void>;
}

export interface RerankOptions {
  query: string;
  documents: string[];
  /** Keep only the best `topN`; all when omitted. */
  topN?: number;
  abortSignal?: AbortSignal;
}

export interface RerankResult {
  /** Best first; `index` points into `documents`, `score` is higher-is-better. */
  ranking: { index: number; score: number }[];
}

/** Re-scores candidate documents against a query (a cross-encoder or an LLM judge). */
export interface Reranker {
  readonly provider: string;
  readonly modelId: string;
  rerank(options: RerankOptions): Promise<RerankResult>;
  close(): Promise<void>;
}
