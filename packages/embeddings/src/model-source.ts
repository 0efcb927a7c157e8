import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { LoreError } from '@lore/core/errors';
import type { ModelDtype } from './known-models.js';

/** Where a model's files come from: an absolute local folder (no hub access) or a Hugging Face Hub id. */
export interface ModelSource {
  /** What the user named: a hub id, a folder name under `modelsDir`, or a path. */
  name: string;
  /** The absolute folder for a local model, the hub id otherwise. */
  location: string;
  local: boolean;
  /** Where downloads are cached (hub models only); transformers.js' default when omitted. */
  cacheDir?: string;
}

/** Settings that pick a model's files. */
export interface ModelLocation {
  /** A hub id (`Xenova/multilingual-e5-small`), a folder name under `modelsDir`, or an absolute folder. */
  model: string;
  /** A local root holding one folder per model; when set, the hub is never contacted. */
  modelsDir?: string;
  /** Where hub downloads are cached. */
  cacheDir?: string;
}

/** Turns model settings into a source: `modelsDir` or an absolute path means local files only. */
export function resolveModelSource(settings: ModelLocation): ModelSource {
  const { model, modelsDir, cacheDir } = settings;
  if (!model.trim())
    throw new LoreError('BAD_REQUEST', 'The embedding model name is empty. Name a hub id or a folder.');
  if (isAbsolute(model)) return { name: basename(model), location: resolve(model), local: true };
  if (modelsDir) return { name: model, location: resolve(modelsDir, model), local: true };
  if (model.startsWith('.')) return { name: basename(model), location: resolve(model), local: true };
  return { name: model, location: model, local: false, ...(cacheDir ? { cacheDir } : {}) };
}

const dtypeSuffix: Record<ModelDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

const hint =
  'Set modelsDir to a folder that holds one sub-folder per model, or leave it unset to download from the Hugging Face Hub.';
const settings = ['modelsDir'] as const;

/**
 * Checks a local model folder before transformers.js reads it, since its own errors for a missing
 * file are cryptic (`Cannot read properties of undefined`); throws MODEL_UNAVAILABLE with the fix.
 */
export function checkLocalModel(
  source: ModelSource,
  options: { dtype?: ModelDtype; modelFile?: string },
): void {
  if (!source.local) return;
  const folder = source.location;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new LoreError('MODEL_UNAVAILABLE', `Model folder ${folder} does not exist. ${hint}`, { settings });
  }
  for (const file of ['config.json', 'tokenizer.json']) {
    if (!existsSync(join(folder, file))) {
      throw new LoreError(
        'MODEL_UNAVAILABLE',
        `Model folder ${folder} has no ${file}. Copy the complete model (config.json, tokenizer.json, tokenizer_config.json, onnx/) into it. ${hint}`,
        { settings },
      );
    }
  }
  if (!options.dtype) return;
  const stem = options.modelFile ?? 'model';
  const wanted = `${stem}${dtypeSuffix[options.dtype]}.onnx`;
  if (existsSync(join(folder, 'onnx', wanted))) return;
  const present = existsSync(join(folder, 'onnx'))
    ? readdirSync(join(folder, 'onnx')).filter((f) => f.endsWith('.onnx'))
    : [];
  const have = Object.entries(dtypeSuffix)
    .filter(([, suffix]) => present.includes(`${stem}${suffix}.onnx`))
    .map(([dtype]) => dtype);
  throw new LoreError(
    'MODEL_UNAVAILABLE',
    `Model folder ${folder} has no onnx/${wanted} for dtype "${options.dtype}"` +
      (have.length
        ? `; it has dtype ${have.map((d) => `"${d}"`).join(', ')}: set dtype to one of them.`
        : `, nor any onnx/${stem}*.onnx. ${hint}`),
    have.length ? {} : { settings },
  );
}

/** Wraps a transformers.js load failure in a LoreError that says what to do next. */
export function modelLoadError(source: ModelSource, error: unknown): LoreError {
  if (LoreError.is(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const message = source.local
    ? `Could not load the model in ${source.location}: ${reason}. Check that the folder holds a complete transformers.js export.`
    : `Could not load "${source.name}" from the Hugging Face Hub: ${reason}. Check the network and the model id, or set modelsDir to a folder that holds the model.`;
  return new LoreError('MODEL_UNAVAILABLE', message, { cause: error, ...(source.local ? {} : { settings }) });
}
