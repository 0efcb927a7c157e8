/** A chat message in the OpenAI shape, which every provider maps to its own chat template. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

/** Sampling settings; a fixed `seed` with the same inputs gives the same output. */
export interface SamplingOptions {
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  repetitionPenalty?: number;
  seed?: number;
  maxTokens?: number;
  stop?: string[];
}

/** A JSON Schema document (draft 2020-12 subset that a provider can enforce while decoding). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * What the output must be. `json_object`: any JSON object; `json_schema`: JSON that validates against
 * `schema`. Providers enforce it by constraining decoding, so the text always parses; a schema keyword a
 * provider cannot enforce fails the request up front with BAD_REQUEST.
 */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; schema: JsonSchema; name?: string };

export interface GenerateOptions extends SamplingOptions {
  messages: ChatMessage[];
  responseFormat?: ResponseFormat;
  abortSignal?: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'abort';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export interface GenerateResult {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
}

/** One piece of a streamed generation: text deltas, then a single `finish`. */
export type StreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; finishReason: FinishReason; usage: Usage };

/** Inputs to score: how likely the model is to answer `messages` with each continuation. */
export interface ScoreContinuationsOptions {
  messages: ChatMessage[];
  /** Candidate starts of the assistant's reply, e.g. class labels or "yes" / "no". */
  continuations: string[];
  /**
   * Keep the evaluated prefix this prompt shares with the model's cache instead of evaluating it afresh:
   * faster when the next request shares the prefix, but batch splits move the scores by ~1e-3.
   */
  reusePrefix?: boolean;
  abortSignal?: AbortSignal;
}

/** A decoder LLM, local or remote. */
export interface LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  /** Context window in tokens. */
  contextSize(): Promise<number>;
  /** Counts tokens with the model's own tokenizer. */
  countTokens(text: string): Promise<number>;
  generate(options: GenerateOptions): Promise<GenerateResult>;
  stream(options: GenerateOptions): AsyncIterable<StreamPart>;
  /**
   * Total log-probability of each continuation's tokens as the start of the assistant's reply, one per
   * continuation in order. Optional: only providers that see token probabilities have it.
   */
  scoreContinuations?(options: ScoreContinuationsOptions): Promise<number[]>;
  close(): Promise<void>;
}
