/** How token vectors become one vector: mean over tokens, the first token, or the model's own output as is. */
export type Pooling = 'mean' | 'cls' | 'none';

/** ONNX weight variants transformers.js knows; each maps to a file such as `onnx/model_quantized.onnx`. */
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

/** Sensible defaults for one embedding model. */
export interface EmbeddingModelPreset {
  dtype: ModelDtype;
  pooling: Pooling;
  normalize: boolean;
  /** Longest input the model reads, with special tokens; omitted means "ask the tokenizer". */
  maxTokens?: number;
  queryPrefix: string;
  documentPrefix: string;
}

/** The model real users get: multilingual, small, downloaded from the Hugging Face Hub on first use. */
export const DEFAULT_EMBEDDING_MODEL = 'Xenova/multilingual-e5-small';

/** The cross-encoder `createTransformersReranker` loads when none is named. */
export const DEFAULT_RERANKER_MODEL = 'Xenova/ms-marco-MiniLM-L-6-v2';

const e5 = {
  pooling: 'mean',
  normalize: true,
  maxTokens: 512,
  queryPrefix: 'query: ',
  documentPrefix: 'passage: ',
} as const;
const bge = {
  pooling: 'cls',
  normalize: true,
  maxTokens: 512,
  queryPrefix: 'Represent this sentence for searching relevant passages: ',
  documentPrefix: '',
} as const;
const minilm = { pooling: 'mean', normalize: true, queryPrefix: '', documentPrefix: '' } as const;

/** Defaults per known model; q8 where the Hub copy ships quantised weights, since it is smaller and faster on CPU. */
export const knownModels: Readonly<Record<string, EmbeddingModelPreset>> = Object.freeze({
  'Xenova/multilingual-e5-small': { ...e5, dtype: 'q8' },
  'Xenova/multilingual-e5-base': { ...e5, dtype: 'q8' },
  'Xenova/multilingual-e5-large': { ...e5, dtype: 'q8' },
  'Xenova/e5-small-v2': { ...e5, dtype: 'q8' },
  'Xenova/e5-base-v2': { ...e5, dtype: 'q8' },
  'Xenova/bge-small-en-v1.5': { ...bge, dtype: 'q8' },
  'Xenova/bge-base-en-v1.5': { ...bge, dtype: 'q8' },
  'Xenova/bge-m3': { ...bge, queryPrefix: '', maxTokens: 8192, dtype: 'q8' },
  'Xenova/all-MiniLM-L6-v2': { ...minilm, maxTokens: 256, dtype: 'q8' },
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': { ...minilm, maxTokens: 128, dtype: 'q8' },
  // Universal Sentence Encoder lite: the ONNX output is already the pooled, normalised vector.
  'use-lite-en': {
    pooling: 'cls',
    normalize: true,
    maxTokens: 128,
    queryPrefix: '',
    documentPrefix: '',
    dtype: 'fp32',
  },
});

const fallback: EmbeddingModelPreset = { ...minilm, dtype: 'fp32' };

/**
 * Finds the preset for a hub id, a local folder name or a path: exact name first, then the last path
 * segment (a local copy of `Xenova/bge-small-en-v1.5` may sit in `bge-small-en-v1.5/`), then the family.
 */
export function presetFor(model: string): EmbeddingModelPreset {
  const exact = knownModels[model];
  if (exact) return exact;
  const base = baseName(model);
  for (const [name, preset] of Object.entries(knownModels)) {
    if (baseName(name) === base) return preset;
  }
  if (/(^|[-_/])e5([-_]|$)/i.test(base)) return { ...e5, dtype: 'fp32' };
  if (/bge/i.test(base)) return { ...bge, dtype: 'fp32' };
  return fallback;
}

function baseName(model: string): string {
  return (
    model
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? model
  ).toLowerCase();
}
