export { collectStream } from './collect-stream.js';
export {
  createLlamaCppModel,
  type LlamaCppGenerateOptions,
  type LlamaCppModel,
  type LlamaCppModelOptions,
} from './llama-cpp-model.js';
export { type DownloadProgress, type ResolveGgufOptions, resolveGgufFile } from './model-file.js';
export { createOpenAICompatibleModel, type OpenAICompatibleModelOptions } from './openai-compatible-model.js';
export { createRandom, createSampler, type Sampler } from './sampler.js';
export {
  type AcquireOptions,
  createScheduler,
  type Lease,
  type Scheduler,
  type SchedulerOptions,
} from './scheduler.js';
export { readServerSentEvents } from './sse.js';
export {
  allowedTokens,
  checkStructuredStream,
  compileJsonObject,
  compileJsonSchema,
  compileResponseFormat,
  createRecognizer,
  createStructuredOutputCache,
  createTokenConstraint,
  createTokenVocabulary,
  type Grammar,
  type Recognizer,
  type RecognizerState,
  type StructuredOutput,
  type TokenConstraint,
  type TokenVocabulary,
  toGbnf,
} from './structured/index.js';
export { createTransformersModel, type TransformersModelOptions } from './transformers-model.js';
