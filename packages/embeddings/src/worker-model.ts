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

/** An embedding model running in worker threads, each restarted on the next call after a crash. */
export interface WorkerModel {
  /** The device the model runs on (may be `cpu` after a fallback). */
  readonly device: ModelDevice;
  /** The first worker thread now running, if any (tests crash it with `terminate()`). */
  readonly worker: Worker | undefined;
  /** Worker threads, each with its own copy of the model. */
  readonly workers: number;
  /** Embeds one batch; an urgent one (a query) goes before bulk batches waiting in the same worker. */
  embed(texts: string[], options: EmbedRunOptions & { urgent?: boolean }): Promise<number[][]>;
  close(): Promise<void>;
}

type EmbedModelOptions = Omit<ModelLoadOptions, 'architecture'> & {
  /** Worker threads, each with its own copy of the model (default 1). */
  workers?: number;
};

/**
 * Leases an embedding model, one pool of workers per (source, dtype, device, threads, workers) in the process;
 * the workers stop when the last holder releases it. A load failure rejects the lease with the worker's LoreError.
 */
export function acquireWorkerModel(source: ModelSource, options: EmbedModelOptions): ModelLease<WorkerModel> {
  const { dtype } = options;
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1)
    throw new LoreError('BAD_REQUEST', `workers must be a positive integer, got ${workers}.`);
  const key = modelCacheKey(['AutoModel', 'worker', `x${workers}`], source, options);
  return sharedModels.acquire(
    key,
    async () => {
      checkLocalModel(source, { dtype }); // fails fast, without starting a thread
      const model = createWorkerPool(source, options, workers);
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
 * Intra-op threads per worker when unset: the cores shared out between the workers. Leaving a core to the
 * main thread halved throughput on 2 cores (SciFact ingest fp32: 73 vs 115 chunks/s), as its share is small.
 */
function defaultThreads(workers: number): number {
  return Math.max(1, Math.floor(availableParallelism() / workers));
}

/**
 * Workers when unset: two on a CPU with two or more cores, since two copies of a small model on half the
 * threads each keep the cores busier than one copy on all of them (ingesting all of SciFact with
 * use-lite-en q8 on 2 cores: 418 against 402 chunks/s); one on a GPU, where one session takes the device.
 */
export function defaultWorkers(device: ModelDevice): number {
  return device === 'cpu' && availableParallelism() >= 2 ? 2 : 1;
}

type ThreadModel = ReturnType<typeof createWorkerModel>;

/**
 * Several copies of the model, each in its own thread; a batch goes to the copy with the fewest calls in
 * flight. The first copy loads alone (it may download the weights, with progress), then the others load
 * from the cache; a warning all copies give is logged once.
 */
function createWorkerPool(
  source: ModelSource,
  options: EmbedModelOptions,
  count: number,
): WorkerModel & { start(): Promise<void> } {
  const warned = new Set<string>();
  const logger = {
    warn(message: string) {
      if (warned.has(message)) return;
      warned.add(message);
      options.logger.warn(message);
    },
  };
  const threads = Array.from({ length: count }, (_, index) =>
    createWorkerModel(source, {
      ...options,
      logger,
      ...(index > 0 ? { onProgress: undefined } : {}),
      threads: options.threads ?? defaultThreads(count),
    }),
  );
  const [first, ...rest] = threads as [ThreadModel, ...ThreadModel[]];
  const inFlight = threads.map(() => 0);
  return {
    get device() {
      return first.device;
    },
    get worker() {
      return first.worker;
    },
    workers: count,
    async start() {
      await first.start();
      await Promise.all(rest.map((thread) => thread.start()));
    },
    async embed(texts, runOptions) {
      let pick = 0;
      inFlight.forEach((calls, index) => {
        if (calls < (inFlight[pick] ?? 0)) pick = index;
      });
      inFlight[pick] = (inFlight[pick] ?? 0) + 1;
      try {
        return await (threads[pick] as ThreadModel).embed(texts, runOptions);
      } finally {
        inFlight[pick] = (inFlight[pick] ?? 1) - 1;
      }
    },
    async close() {
      await Promise.all(threads.map((thread) => thread.close()));
    },
  };
}

interface Pending {
  resolve(vectors: number[][]): void;
  reject(error: unknown): void;
}

function createWorkerModel(source: ModelSource, options: EmbedModelOptions & { threads: number }) {
  const { logger, onProgress } = options;
  const data: EmbedWorkerData = {
    source,
    dtype: options.dtype,
    device: options.device,
    strictDevice: options.strictDevice,
    threads: options.threads,
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

  return {
    get device() {
      return device;
    },
    get worker() {
      return worker;
    },
    start,
    async embed(texts: string[], runOptions: EmbedRunOptions & { urgent?: boolean }): Promise<number[][]> {
      await start();
      const thread = worker;
      if (!thread) throw closedError(source);
      return call(thread, {
        type: 'embed',
        id: nextId++,
        texts,
        ...runOptions,
        urgent: runOptions.urgent ?? false,
      });
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
