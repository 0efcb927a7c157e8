import type { PretrainedModelOptions, ProgressInfo } from '@huggingface/transformers';
import type { ModelSource } from './model-source.js';

type TransformersModule = typeof import('@huggingface/transformers');

let loading: Promise<TransformersModule> | undefined;

/**
 * Loads transformers.js once, on first use, so importing this package stays cheap.
 *
 * This is the only module that touches transformers.js' `env`, and it writes nothing to it: `env` is
 * process-global, so a setting there (`localModelPath`, `allowRemoteModels`, `cacheDir`) would leak into
 * every other embedder in the process. Each load instead passes its own options (see `pretrainedOptions`):
 * a local model is named by its absolute folder with `local_files_only`, a hub model gets its `cache_dir`.
 * Two embedders with different model folders therefore coexist in one process.
 */
export function loadTransformers(): Promise<TransformersModule> {
  loading ??= import('@huggingface/transformers').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** The per-call options that say where a model's files come from, with no global state. */
export function pretrainedOptions(
  source: ModelSource,
  progress?: (info: ProgressInfo) => void,
): Pick<PretrainedModelOptions, 'local_files_only' | 'cache_dir' | 'progress_callback'> {
  return {
    local_files_only: source.local,
    ...(source.cacheDir ? { cache_dir: source.cacheDir } : {}),
    ...(progress ? { progress_callback: progress } : {}),
  };
}
