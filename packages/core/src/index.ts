// `@lore/core`: what an app or a user of the SDK needs. The parts Lore is built from are in
// `@lore/core/internal`, the evaluation helpers in `@lore/core/evaluation`, the conformance suites in
// `@lore/core/testing`, the provider interfaces alone in `@lore/core/spec`.

// API keys and the per-request view that enforces them (the HTTP server is built on these).
export {
  type Access,
  canSeeCollection,
  currentAccess,
  fullAccess,
  runWithAccess,
} from './access/access-context.js';
export { API_KEY_SCOPES, type ApiKeyInfo, type ApiKeys } from './access/api-keys.js';
export { createScopedLore } from './access/scoped-lore.js';
export type { AgentResult, AgentStep, RunAgentOptions } from './agents/agent.js';
export type { AgentRunOptions, Agents } from './agents/agent-api.js';
export { type BuiltinToolName, builtinToolNames } from './agents/builtin-tools.js';
export type { McpServerConfig } from './agents/mcp-tools.js';
export { defineTool, type Tool, type ToolExecuteOptions } from './agents/tool.js';
export { type ChunkOptions, chunkDocument } from './chunking/chunk-document.js';
export type { ClassifyOptions, ClassifyResult } from './classification/classify.js';
export {
  type ErrorText,
  LoreError,
  type LoreErrorCode,
  type LoreSetting,
  type MissingPart,
  requireLanguageModel,
  throwIfAborted,
} from './errors.js';
export type { Answering, AskEvent, AskOptions } from './generation/answering.js';
export type { ChatListOptions, ChatPage } from './generation/chat-pages.js';
export type {
  GenerateObjectOptions,
  GenerateObjectResult,
  ObjectGeneration,
  ObjectSchema,
} from './generation/generate-object.js';
export type { AnswerEvent, Citation } from './generation/grounded-answer.js';
// The loaders and the chunker Lore ingests with, for a pipeline of your own.
export {
  type LoadDocumentInput,
  type LoadDocumentResult,
  loadDocument,
  loadDocuments,
} from './ingestion/loaders/load-document.js';
export type { OcrOptions } from './ingestion/loaders/ocr.js';
export { defaultUploadLimits, type UploadLimits } from './ingestion/loaders/upload-check.js';
export type { ZipLimits } from './ingestion/loaders/zip-limits.js';
// Options, results and events of Lore's methods.
export type { IngestInput } from './ingestion/new-document.js';
export type { IngestionEvent } from './ingestion/worker.js';
// Open a Lore, or wire one from stores and models.
export { type CreateLoreOptions, createLore } from './lore/create-lore.js';
export { createLoreFromServices } from './lore/index.js';
export type { IngestOptions, IngestResult, Lore, LoreServices } from './lore/types.js';
export type { DoctorFinding, DoctorFindingKind, DoctorOptions, DoctorReport } from './maintenance/doctor.js';
export { retrievalDefaults } from './retrieval/defaults.js';
export {
  createLanguageModelReranker,
  type LanguageModelRerankerOptions,
} from './retrieval/llm-reranker.js';
export type { RetrievalMode, SearchFilter, SearchOptions, SearchResult } from './retrieval/search.js';
export type { SyncResult } from './sources/commit-plan.js';
export type { FolderSourceOptions, Sources, SyncOptions, UrlSourceOptions } from './sources/sources.js';
export type { FetchPolicy } from './sources/web/safe-fetch.js';
// The provider interfaces and the records the stores keep.
export type * from './spec/index.js';
// Stores and models for `createLoreFromServices`.
export {
  type CreateDatabaseOptions,
  type CreateLanceVectorStoreOptions,
  createDatabase,
  createLanceVectorStore,
  createPostgresChatStore,
  createPostgresMetadataStore,
  createPostgresSourceStore,
  type Database,
} from './storage/index.js';
