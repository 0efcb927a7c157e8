import { LoreError, throwIfAborted } from '@lore/core/errors';

/** How the queue runs work: `run` maps a batch of inputs to outputs in the same order. */
export interface BatchQueueOptions<I, O> {
  /** Most inputs handed to one `run`. */
  batchSize: number;
  /**
   * Most padded size per batch: a batch holds k inputs only while k times its largest size stays within it
   * (an input larger than the budget runs alone). Unbounded when omitted.
   */
  budget?: number;
  /** Batches run at once (default 1); more keep several model workers busy. */
  parallel?: number;
  /** Runs one batch; `urgent` when it holds urgent pushes. */
  run(inputs: I[], batch: { urgent: boolean }): Promise<O[]>;
  /** Sort key; inputs of similar size share a batch, so less padding is computed. */
  size(input: I): number;
}

interface Request<O> {
  results: O[];
  remaining: number;
  settled: boolean;
  resolve(results: O[]): void;
  reject(error: unknown): void;
}

interface Item<I, O> {
  input: I;
  /** `size(input)`, taken once on push. */
  size: number;
  index: number;
  request: Request<O>;
}

/**
 * Coalesces concurrent requests into batches: pushes made in the same tick (or enough to fill a batch)
 * run together, sorted by size, and each caller gets its own outputs back in order. Up to `parallel`
 * batches run at once. Urgent pushes (queries) jump ahead of queued bulk work at the next batch boundary.
 * An aborted caller is rejected at once with ABORTED; the batch it shared still completes for the others.
 */
export function createBatchQueue<I, O>(options: BatchQueueOptions<I, O>) {
  const { batchSize, run, size } = options;
  const parallel = options.parallel ?? 1;
  const budget = options.budget ?? Number.POSITIVE_INFINITY;
  let urgent: Item<I, O>[] = [];
  let bulk: Item<I, O>[] = [];
  let round: Item<I, O>[] = []; // bulk items taken for batching, sorted, not yet run
  let scheduled: NodeJS.Immediate | undefined;
  const running = new Set<Promise<void>>();
  let closedWith: LoreError | undefined;

  function settle(request: Request<O>, error?: unknown): void {
    if (request.settled) return;
    request.settled = true;
    if (error === undefined) request.resolve(request.results);
    else request.reject(error);
  }

  const queued = () => urgent.length + bulk.length + round.length;

  /** Starts batches while fewer than `parallel` run; each finished batch starts the next. */
  function pump(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    while (running.size < parallel && queued() > 0) {
      const urgentBatch = urgent.length > 0;
      const batch = runBatch(nextBatch(), urgentBatch).finally(() => {
        running.delete(batch);
        pump();
      });
      running.add(batch);
    }
  }

  function nextBatch(): Item<I, O>[] {
    if (urgent.length) return take(sortBySize(urgent));
    if (!round.length) round = sortBySize(bulk.splice(0));
    return take(round);
  }

  /** Takes the next batch off the front of sorted `items`: the last one taken is the largest. */
  function take(items: Item<I, O>[]): Item<I, O>[] {
    let count = 1;
    while (
      count < Math.min(batchSize, items.length) &&
      (count + 1) * (items[count] as Item<I, O>).size <= budget
    )
      count++;
    return items.splice(0, count);
  }

  async function runBatch(items: Item<I, O>[], isUrgent: boolean): Promise<void> {
    const live = items.filter((item) => !item.request.settled);
    if (!live.length) return;
    try {
      const outputs = await run(
        live.map((item) => item.input),
        { urgent: isUrgent },
      );
      live.forEach((item, position) => {
        const { request } = item;
        request.results[item.index] = outputs[position] as O;
        request.remaining -= 1;
        if (request.remaining === 0) settle(request);
      });
    } catch (error) {
      for (const item of live) settle(item.request, error);
    }
  }

  function sortBySize(items: Item<I, O>[]): Item<I, O>[] {
    return items.sort((a, b) => a.size - b.size);
  }

  return {
    /** Queues `inputs`; resolves with their outputs in input order. */
    push(inputs: I[], pushOptions: { urgent?: boolean; abortSignal?: AbortSignal } = {}): Promise<O[]> {
      if (closedWith) return Promise.reject(closedWith);
      const { abortSignal } = pushOptions;
      throwIfAborted(abortSignal);
      if (!inputs.length) return Promise.resolve([]);
      return new Promise<O[]>((resolve, reject) => {
        const onAbort = () =>
          settle(
            request,
            new LoreError('ABORTED', 'The embedding request was aborted.', { cause: abortSignal?.reason }),
          );
        const request: Request<O> = {
          results: new Array<O>(inputs.length),
          remaining: inputs.length,
          settled: false,
          resolve: (results) => {
            abortSignal?.removeEventListener('abort', onAbort);
            resolve(results);
          },
          reject: (error) => {
            abortSignal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        abortSignal?.addEventListener('abort', onAbort, { once: true });
        const target = pushOptions.urgent ? urgent : bulk;
        inputs.forEach((input, index) => {
          target.push({ input, size: size(input), index, request });
        });
        if (running.size >= parallel) return; // a finishing batch picks these up
        if (urgent.length + bulk.length >= batchSize) pump();
        else scheduled ??= setImmediate(pump);
      });
    },
    /**
     * Stops the queue: later pushes fail with `error`, the batch in flight completes, then `cleanUp` runs
     * (e.g. freeing the model) and only then is everything still queued rejected with `error`, so a caller
     * that handles its rejection after awaiting `close()` never sees an unhandled one.
     */
    async close(error: LoreError, cleanUp?: () => Promise<unknown>): Promise<void> {
      closedWith = error;
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      const waiting = [...urgent, ...bulk, ...round];
      urgent = [];
      bulk = [];
      round = [];
      try {
        await Promise.all(running);
        await cleanUp?.();
      } finally {
        for (const item of waiting) settle(item.request, error);
      }
    },
  };
}
