/**
 * The embedding worker: holds one model's tokenizer and ONNX session off the main thread, so a batch
 * (tokenize, run, pool) never blocks the event loop. `worker-model.ts` starts it and speaks to it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { acquireModel, acquireTokenizer, inputLimit } from './load-model.js';
import { poolEmbeddings, type TensorLike } from './pooling.js';
import type { ProgressListener } from './progress.js';
import { createWordCache } from './word-cache.js';
import {
  type EmbedWorkerData,
  serializeError,
  type WorkerRequest,
  type WorkerResponse,
} from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('embed-worker.js runs as a worker thread; use createTransformersEmbedder().');
const { source, reportProgress, ...options } = workerData as EmbedWorkerData;
const post = (message: WorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const onProgress: ProgressListener | undefined = reportProgress
  ? (event) => post({ type: 'progress', event })
  : undefined;
const tokenizerLease = acquireTokenizer(source, onProgress);
const modelLease = acquireModel(source, {
  architecture: 'AutoModel',
  ...options,
  logger: { warn: (message) => post({ type: 'warn', message }) },
  ...(onProgress ? { onProgress } : {}),
});
const loading = Promise.all([tokenizerLease.value, modelLease.value]);
// Most words recur across chunks: their sub-word encodings are cached for this worker's calls.
const withWordCache = tokenizerLease.value.then(createWordCache);
loading.then(
  ([, loaded]) => post({ type: 'ready', device: loaded.device }),
  (error: unknown) => post({ type: 'failed', error: serializeError(error) }),
);

type EmbedRequest = Extract<WorkerRequest, { type: 'embed' }>;

// Calls run one at a time: the main thread sends the next batch before this one ends, so the model never
// waits on a busy event loop there. Urgent calls (queries) go before waiting bulk ones.
const waiting: EmbedRequest[] = [];
let busy = false;

port.on('message', async (request: WorkerRequest) => {
  if (request.type === 'close') {
    await Promise.all([modelLease.release(), tokenizerLease.release()]).catch(() => undefined);
    post({ type: 'closed', id: request.id });
    return;
  }
  const firstBulk = request.urgent ? waiting.findIndex((other) => !other.urgent) : -1;
  if (firstBulk >= 0) waiting.splice(firstBulk, 0, request);
  else waiting.push(request);
  if (busy) return;
  busy = true;
  for (let next = waiting.shift(); next; next = waiting.shift()) await embed(next);
  busy = false;
});

async function embed(request: EmbedRequest): Promise<void> {
  try {
    const [[tokenizer, { model }], cached] = await Promise.all([loading, withWordCache]);
    const inputs = cached(() =>
      tokenizer(request.texts, {
        padding: true,
        truncation: true,
        max_length: inputLimit(tokenizer, request.maxTokens),
      }),
    );
    const outputs = await model(inputs);
    const output =
      (request.pooling === 'none'
        ? (outputs.sentence_embedding ?? outputs.last_hidden_state)
        : outputs.last_hidden_state) ??
      outputs.token_embeddings ??
      outputs.logits;
    const vectors = poolEmbeddings(
      output as TensorLike,
      inputs.attention_mask as TensorLike,
      request.pooling,
      request.normalize,
    );
    const dimensions = vectors[0]?.length ?? 0;
    const data = new Float32Array(vectors.length * dimensions);
    vectors.forEach((vector, row) => {
      data.set(vector, row * dimensions);
    });
    post({ type: 'embedded', id: request.id, data, dimensions }, [data.buffer]);
  } catch (error) {
    post({ type: 'error', id: request.id, error: serializeError(error) });
  }
}
