import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLore, type LanguageModel, type Lore } from '@lore/core';
import { createConsoleProgress, createTransformersEmbedder } from '@lore/embeddings';
import { createLlamaCppModel, createOpenAICompatibleModel, createTransformersModel } from '@lore/llm';
import type { Config } from './config.js';
import { errorMessage } from './errors.js';

/** The composition root: which stores, which models, which settings. */
export async function createContainer(config: Config, options: { worker?: boolean } = {}): Promise<Lore> {
  const embedder = createTransformersEmbedder({
    model: config.embeddingModel,
    modelsDir: config.modelsDir,
    // Hub downloads live with the data, not inside node_modules where a reinstall would drop them.
    cacheDir: join(config.dataDir, 'models'),
    device: config.embeddingDevice,
    ...(config.embeddingDtype ? { dtype: config.embeddingDtype } : {}),
    strictDevice: config.embeddingDeviceStrict,
    ...(config.embeddingWorkers ? { workers: config.embeddingWorkers } : {}),
    ...(config.embeddingThreads ? { threads: config.embeddingThreads } : {}),
    onProgress: createConsoleProgress(),
    logger: console,
  });
  return createLore({
    languageModel: createLanguageModel(config),
    dataDir: config.dataDir,
    lanceUri: config.lanceUri,
    databaseUrl: config.databaseUrl,
    embedder,
    worker: options.worker ?? config.worker,
    uploadLimits: { maxFileBytes: config.maxFileBytes },
    sourceOptions: { allowedRoots: config.syncRoots, fetch: config.fetch },
    ocr: config.ocr,
    // Failures kept in jobs and sync results name this server's variables, as its error responses do.
    errorText: errorMessage,
    onWorkerError: (error) => console.error('[lore] ingestion worker:', error),
  });
}

/**
 * The LLM: an OpenAI-compatible server when LORE_LLM_BASE_URL is set; transformers.js for an ONNX model
 * folder (`onnx:<hub id>` or a folder with an `onnx/` subfolder); else llama.cpp for a GGUF.
 */
function createLanguageModel(config: Config): LanguageModel | undefined {
  const { llm } = config;
  if (llm.model === 'none') return undefined;
  if (llm.baseUrl)
    return createOpenAICompatibleModel({ baseURL: llm.baseUrl, apiKey: llm.apiKey, model: llm.model });
  const onnxFolder = existsSync(join(llm.model, 'onnx'));
  if (onnxFolder || llm.model.startsWith('onnx:')) {
    return createTransformersModel({
      model: onnxFolder ? llm.model : llm.model.slice('onnx:'.length),
      cacheDir: join(config.dataDir, 'models'),
      maxQueue: llm.maxQueue,
      threads: llm.threads,
    });
  }
  return createLlamaCppModel({
    model: llm.model,
    ...(llm.alias ? { id: llm.alias } : {}),
    onDownloadProgress: ({ downloadedBytes, totalBytes }) => {
      const percent = totalBytes ? Math.floor((100 * downloadedBytes) / totalBytes) : 0;
      process.stderr.write(`\rDownloading ${llm.model}: ${percent}%${percent >= 100 ? '\n' : ''}`);
    },
    modelsDir: config.modelsDir ?? join(config.dataDir, 'models'),
    contextSize: llm.contextSize,
    slots: llm.slots,
    maxQueue: llm.maxQueue,
    threads: llm.threads,
    prefillThreads: llm.prefillThreads,
    gpu: llm.gpu,
  });
}
