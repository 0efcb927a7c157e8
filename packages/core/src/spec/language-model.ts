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
  close(): Promise<void>;
}
