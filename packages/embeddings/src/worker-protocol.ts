import { LoreError, type LoreErrorCode } from '@lore/core/errors';
import type { ModelDevice } from './device.js';
import type { ModelDtype, Pooling } from './known-models.js';
import type { ModelSource } from './model-source.js';
import type { ModelProgressEvent } from './progress.js';

/** What an embedding worker loads, given to it as `workerData`. */
export interface EmbedWorkerData {
  source: ModelSource;
  dtype: ModelDtype;
  device: ModelDevice;
  strictDevice: boolean;
  threads: number;
  reportProgress: boolean;
}

/** How one batch is turned into vectors; per call, since embedders sharing a model may differ. */
export interface EmbedRunOptions {
  pooling: Pooling;
  normalize: boolean;
  /** Truncation length; the tokenizer's own limit when undefined. */
  maxTokens: number | undefined;
}

/** Messages from the main thread to a worker. */
export type WorkerRequest =
  | ({ type: 'embed'; id: number; texts: string[]; urgent: boolean } & EmbedRunOptions)
  | { type: 'close'; id: number };

/** Messages from a worker to the main thread. */
export type WorkerResponse =
  | { type: 'ready'; device: ModelDevice }
  | { type: 'failed'; error: SerializedError }
  | { type: 'embedded'; id: number; data: Float32Array; dimensions: number }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'closed'; id: number }
  | { type: 'warn'; message: string }
  | { type: 'progress'; event: ModelProgressEvent };

/** An error as plain data, so a LoreError keeps its code and message across the thread boundary. */
export interface SerializedError {
  code?: LoreErrorCode;
  name: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
}

/** Turns any thrown value into plain data (causes kept three levels deep). */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const cause = depth < 3 && error.cause !== undefined ? serializeError(error.cause, depth + 1) : undefined;
  return {
    ...(LoreError.is(error) ? { code: error.code } : {}),
    name: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(cause ? { cause } : {}),
  };
}

/** Rebuilds a serialized error: a LoreError when it had a code, a plain Error otherwise. */
export function deserializeError(data: SerializedError): Error {
  const cause = data.cause ? { cause: deserializeError(data.cause) } : undefined;
  let error: Error;
  if (data.code) error = new LoreError(data.code, data.message, cause);
  else {
    error = new Error(data.message, cause);
    error.name = data.name;
  }
  if (data.stack) error.stack = data.stack;
  return error;
}
