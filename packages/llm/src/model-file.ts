import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LoreError } from '@lore/core/errors';
import { resolveModelFile } from 'node-llama-cpp';

/** Download progress of a hub model, in bytes. */
export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
}

/** Where hub models go, and how a download reports progress or is cancelled. */
export interface ResolveGgufOptions {
  /** Where hub models are downloaded to and looked up in. */
  modelsDir?: string;
  onProgress?: (progress: DownloadProgress) => void;
  abortSignal?: AbortSignal;
}

const hubUri = /^(hf:|huggingface:|https?:\/\/)/;

/**
 * Resolves a GGUF file from a path, a folder holding one `.gguf`, or a hub URI (`hf:user/repo:Q4_K_M`),
 * downloading the latter into `modelsDir` on first use.
 */
export async function resolveGgufFile(model: string, options: ResolveGgufOptions = {}): Promise<string> {
  if (hubUri.test(model)) {
    try {
      return await resolveModelFile(model, {
        ...(options.modelsDir ? { directory: options.modelsDir } : {}),
        cli: false,
        ...(options.abortSignal ? { signal: options.abortSignal } : {}),
        onProgress: ({ downloadedSize, totalSize }) =>
          options.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize }),
      });
    } catch (error) {
      throw new LoreError(
        'MODEL_UNAVAILABLE',
        `Could not download ${model}. Check the network, or set the model to a local .gguf file for offline use.`,
        { cause: error, settings: ['languageModel.model'] },
      );
    }
  }
  const info = await stat(model).catch(() => undefined);
  if (!info) {
    throw new LoreError(
      'MODEL_UNAVAILABLE',
      `Model ${model} does not exist. Set the model to a .gguf file, a folder holding one, or a hub URI such as hf:user/repo:Q4_K_M.`,
      { settings: ['languageModel.model'] },
    );
  }
  if (info.isFile()) return model;
  const ggufs = (await readdir(model)).filter((name) => name.endsWith('.gguf')).sort();
  if (ggufs.length !== 1) {
    throw new LoreError(
      'MODEL_UNAVAILABLE',
      `Model folder ${model} holds ${ggufs.length} .gguf files (${ggufs.join(', ') || 'none'}); name the file itself.`,
    );
  }
  return join(model, ggufs[0] as string);
}
