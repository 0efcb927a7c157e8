import { join } from 'node:path';
import { createLore, type Lore } from '@lore/core';
import { createConsoleProgress, createTransformersEmbedder } from '@lore/embeddings';
import type { Config } from './config.js';

/** The composition root: which stores, which models, which settings. */
export async function createContainer(config: Config, options: { worker?: boolean } = {}): Promise<Lore> {
  const embedder = createTransformersEmbedder({
    model: config.embeddingModel,
    modelsDir: config.modelsDir,
    // Hub downloads live with the data, not inside node_modules where a reinstall would drop them.
    cacheDir: join(config.dataDir, 'models'),
    device: config.embeddingDevice,
    strictDevice: config.embeddingDeviceStrict,
    onProgress: createConsoleProgress(),
    logger: console,
  });
  return createLore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    embedder,
    worker: options.worker ?? config.worker,
    onWorkerError: (error) => console.error('[lore] ingestion worker:', error),
  });
}
