import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LoreError } from '@lore/core/errors';
import type { ModelDevice } from './device.js';
import { type ModelLoadOptions, modelCacheKey } from './load-model.js';
import { type ModelLease, sharedModels } from './model-cache.js';
import { checkLocalModel, type ModelSource } from './model-source.js';
import {
  deserializeError,
  type EmbedRunOptions,
  type EmbedWorkerData,
  type WorkerRequest,
  type WorkerResponse,
} from './worker-protocol.js';

/** An embedding model running in its own worker thread, restarted on the next call after a crash. */
export interface WorkerModel {
  /** The device the model runs on (may be `cpu` after a fallback). */
  readonly device: ModelDevice;
  /** The worker thread now running, if any (tests crash it with `terminate()`). */
  readonly worker: Worker | undefined;
  embed(texts: string[], options: EmbedRunOptions): Promise<number[][]>;
  close(): Promise<void>;
}

type EmbedModelOptions = Omit<ModelLoadOptions, 'architecture'>;

/**
 * Leases an embedding model, one worker per (source, dtype, device, threads) in the process; the worker is
 * stopped when the last holder releases it. A load failure rejects the lease with the worker's LoreError.
 */
export function acquireWorkerModel(source: ModelSource, options: EmbedModelOptions): ModelLease<WorkerModel> {
  const { dtype } = options;
  const key = modelCacheKey(['AutoModel', 'worker'], source, options);
  return sharedModels.acquire(
    key,
    async () => {
      checkLocalModel(source, { dtype }); // fails fast, without starting a thread
      const model = createWorkerModel(source, options);
      await model.start().catch(async (error: unknown) => {
        await model.close();
        throw error;
      });
      return model;
    },
    (model) => model.close(),
  );
}

/**
 * Intra-op threads when unset: one per core. Leaving a core to the main thread halved throughput on
 * 2 cores (SciFact ingest fp32: 73 vs 115 chunks/s), as the main thread's share is small.
 */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

interface Pending {
  resolve(vectors: number[][]): void;
  reject(error: unknown): void;
}

function createWorkerModel(source: ModelSource, options: EmbedModelOptions) {
  const { logger, onProgress } = options;
  const data: EmbedWorkerData = {
    source,
    dtype: options.dtype,
    device: options.device,
    strictDevice: options.strictDevice,
    threads: options.threads ?? defaultThreads(),
    reportProgress: Boolean(onProgress),
  };
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let ready: Promise<void> | undefined;
  let loading = false;
  let device: ModelDevice = options.device;
  let nextId = 0;
  let closed = false;

  // The worker keeps the process alive only while a call or a load waits on it, like a model on the main thread.
  function updateRef(): void {
    if (loading || pending.size) worker?.ref();
    else worker?.unref();
  }

  function rejectPending(error: unknown): void {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  }

  function start(): Promise<void> {
    if (closed) return Promise.reject(closedError(source));
    if (ready) return ready;
    const thread = spawn(data);
    worker = thread;
    loading = true;
    updateRef();
    const current = new Promise<void>((resolve, reject) => {
      const stopped = (reason: string, cause?: unknown) => {
        if (worker !== thread) return; // closed on purpose, or already handled
        worker = undefined;
        ready = undefined;
        loading = false;
        const error = new LoreError(
          'MODEL_UNAVAILABLE',
          `The embedding worker for "${source.name}" stopped unexpectedly (${reason}). Calls in flight failed; the next call starts a new worker.`,
          { cause },
        );
        reject(error);
        rejectPending(error);
      };
      thread.on('error', (error) => stopped(error.message, error));
      thread.on('exit', (code) => stopped(`exit code ${code}`));
      thread.on('message', (message: WorkerResponse) => {
        switch (message.type) {
          case 'ready':
            device = message.device;
            loading = false;
            updateRef();
            resolve();
            break;
          case 'failed':
            // A failed load is final for this worker; the next call starts a fresh one.
            worker = undefined;
            ready = undefined;
            loading = false;
            reject(deserializeError(message.error));
            void thread.terminate();
            break;
          case 'embedded': {
            const { data: flat, dimensions } = message;
            const rows: number[][] = [];
            for (let start = 0; start < flat.length; start += dimensions) {
              rows.push(Array.from(flat.subarray(start, start + dimensions)));
            }
            settle(message.id)?.resolve(rows);
            break;
          }
          case 'error':
            settle(message.id)?.reject(deserializeError(message.error));
            break;
          case 'closed':
            settle(message.id)?.resolve([]);
            break;
          case 'warn':
            logger.warn(message.message);
            break;
          case 'progress':
            onProgress?.(message.event);
            break;
        }
      });
    });
    ready = current;
    return current;
  }

  function settle(id: number): Pending | undefined {
    const call = pending.get(id);
    pending.delete(id);
    updateRef();
    return call;
  }

  function call(thread: Worker, request: WorkerRequest): Promise<number[][]> {
    return new Promise((resolve, reject) => {
      pending.set(request.id, { resolve, reject });
      updateRef();
      thread.postMessage(request);
    });
  }

  const model: WorkerModel & { start(): Promise<void> } = {
    get device() {
      return device;
    },
    get worker() {
      return worker;
    },
    start,
    async embed(texts, runOptions) {
      await start();
      const thread = worker;
      if (!thread) throw closedError(source);
      return call(thread, { type: 'embed', id: nextId++, texts, ...runOptions });
    },
    async close() {
      if (closed) return;
      closed = true;
      const thread = worker;
      await ready?.catch(() => undefined);
      if (thread && worker === thread) {
        // Let the worker free its ONNX session, then stop the thread whatever it answers.
        const timeout = new Promise((resolve) => setTimeout(resolve, 5000).unref());
        await Promise.race([call(thread, { type: 'close', id: nextId++ }).catch(() => undefined), timeout]);
        worker = undefined;
        await thread.terminate();
      }
      worker = undefined;
      ready = undefined;
      rejectPending(closedError(source));
    },
  };
  return model;
}

function closedError(source: ModelSource): LoreError {
  return new LoreError('MODEL_UNAVAILABLE', `The embedding model "${source.name}" was closed.`);
}

// From TypeScript source (tsx, vitest) a bootstrap registers tsx in the worker; compiled, plain node runs it.
function spawn(workerData: EmbedWorkerData): Worker {
  if (import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./embed-worker-source.mjs', import.meta.url), {
      workerData: { ...workerData, entry: new URL('./embed-worker.ts', import.meta.url).href },
      execArgv: ['--conditions=lore-source'],
    });
  }
  return new Worker(new URL('./embed-worker.js', import.meta.url), { workerData });
}
