import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import { type Logger, loadOnDevice, type ModelDevice } from './device.js';
import type { ModelDtype } from './known-models.js';
import { type ModelLease, sharedModels } from './model-cache.js';
import { checkLocalModel, type ModelSource, modelLoadError } from './model-source.js';
import { type ProgressListener, toProgressCallback } from './progress.js';
import { loadTransformers, pretrainedOptions } from './transformers-env.js';

/** A model loaded on a device, which may be the CPU after a fallback. */
export interface LoadedModel {
  model: PreTrainedModel;
  device: ModelDevice;
}

/** How to load a model's ONNX weights. */
export interface ModelLoadOptions {
  architecture: 'AutoModel' | 'AutoModelForSequenceClassification';
  dtype: ModelDtype;
  device: ModelDevice;
  strictDevice: boolean;
  /** ONNX Runtime intra-op threads; its own default (one per core) when omitted. */
  threads?: number;
  logger: Logger;
  onProgress?: ProgressListener;
}

/** Leases the model's tokenizer, loaded once per folder or hub id in the process. */
export function acquireTokenizer(
  source: ModelSource,
  onProgress?: ProgressListener,
): ModelLease<PreTrainedTokenizer> {
  const key = JSON.stringify(['tokenizer', source.location, source.cacheDir ?? null]);
  return sharedModels.acquire(
    key,
    async () => {
      checkLocalModel(source, {});
      try {
        const { AutoTokenizer } = await loadTransformers();
        const progress = progressFor(source, onProgress);
        return await AutoTokenizer.from_pretrained(source.location, pretrainedOptions(source, progress));
      } catch (error) {
        throw modelLoadError(source, error);
      }
    },
    () => {},
  );
}

/** The shared-cache key of a loaded model: what is loaded, from where, and how it runs. */
export function modelCacheKey(
  kind: string[],
  source: ModelSource,
  options: Pick<ModelLoadOptions, 'dtype' | 'device' | 'strictDevice' | 'threads'>,
): string {
  const { dtype, device, strictDevice, threads } = options;
  return JSON.stringify([
    ...kind,
    source.location,
    source.cacheDir ?? null,
    dtype,
    device,
    strictDevice,
    threads ?? null,
  ]);
}

/** Leases the model's ONNX session, loaded once per (source, dtype, device, threads) in the process. */
export function acquireModel(source: ModelSource, options: ModelLoadOptions): ModelLease<LoadedModel> {
  const { architecture, dtype, device, strictDevice, threads, logger, onProgress } = options;
  const key = modelCacheKey([architecture], source, options);
  return sharedModels.acquire(
    key,
    async () => {
      checkLocalModel(source, { dtype });
      const transformers = await loadTransformers();
      const progress = progressFor(source, onProgress);
      const loaded = await loadOnDevice(
        (target) =>
          transformers[architecture].from_pretrained(source.location, {
            ...pretrainedOptions(source, progress),
            dtype,
            device: target,
            // No spinning: an idle embedder leaves the CPU to the rest of the app.
            session_options: {
              ...(threads ? { intraOpNumThreads: threads } : {}),
              interOpNumThreads: 1,
              extra: { session: { intra_op: { allow_spinning: '0' } } },
            },
          }),
        { device, strict: strictDevice, logger, what: `model "${source.name}"` },
      ).catch((error: unknown) => {
        throw modelLoadError(source, error);
      });
      onProgress?.({ status: 'ready', model: source.name });
      return { model: loaded.value, device: loaded.device };
    },
    (loaded) => loaded.model.dispose().then(() => undefined),
  );
}

// Local files need no progress bar (transformers.js reports their reads as byte progress too).
function progressFor(source: ModelSource, onProgress: ProgressListener | undefined) {
  return onProgress && !source.local ? toProgressCallback(source.name, onProgress) : undefined;
}

/** Longest input fed to the model: `maxTokens` when set, else the tokenizer's own limit (512 when it has none). */
export function inputLimit(tokenizer: PreTrainedTokenizer, maxTokens: number | undefined): number {
  if (maxTokens) return maxTokens;
  const fromTokenizer = Number(tokenizer.model_max_length);
  return Number.isFinite(fromTokenizer) && fromTokenizer > 0 && fromTokenizer <= 100_000
    ? fromTokenizer
    : 512;
}
