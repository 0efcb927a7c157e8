import { LoreError } from '@lore/core/errors';

/** Settings for a scheduler: the slots it hands out and how many requests may wait for one. */
export interface SchedulerOptions<Slot> {
  slots: readonly Slot[];
  /** Requests allowed to wait; one more is refused with `OVERLOADED`. */
  maxQueue: number;
}

/** How one request waits for a slot: its fairness key, its abort signal and its slot preference. */
export interface AcquireOptions<Slot> {
  /** Requests with different keys take turns (round-robin); the same key is first come, first served. */
  key?: string;
  abortSignal?: AbortSignal;
  /** Scores a free slot; the highest wins (e.g. the slot whose cache shares the longest prefix). */
  affinity?: (slot: Slot) => number;
}

/** A slot held by one request until `release()`. */
export interface Lease<Slot> {
  readonly slot: Slot;
  release(): void;
}

/** Hands a fixed set of slots to requests: a bounded queue, fair across keys, abortable while waiting. */
export interface Scheduler<Slot> {
  acquire(options?: AcquireOptions<Slot>): Promise<Lease<Slot>>;
  /** Requests holding a slot and requests waiting for one. */
  stats(): { running: number; queued: number };
  /** Rejects every waiting request; held slots stay with their holders until released. */
  close(): void;
}

interface Waiter<Slot> {
  options: AcquireOptions<Slot>;
  resolve(lease: Lease<Slot>): void;
  reject(error: unknown): void;
  cleanup(): void;
}

/** Creates a scheduler over `slots`, e.g. one slot per context sequence of a loaded model. */
export function createScheduler<Slot>(options: SchedulerOptions<Slot>): Scheduler<Slot> {
  const free = [...options.slots];
  // One FIFO per key; `turns` holds the keys with waiters in round-robin order.
  const queues = new Map<string, Waiter<Slot>[]>();
  const turns: string[] = [];
  let queued = 0;
  let closed = false;

  const takeSlot = (affinity: AcquireOptions<Slot>['affinity']): Slot => {
    let best = 0;
    if (affinity && free.length > 1) {
      let bestScore = Number.NEGATIVE_INFINITY;
      free.forEach((slot, index) => {
        const score = affinity(slot);
        if (score > bestScore) [best, bestScore] = [index, score];
      });
    }
    return free.splice(best, 1)[0] as Slot;
  };

  const lease = (slot: Slot): Lease<Slot> => {
    let released = false;
    return {
      slot,
      release() {
        if (released) return;
        released = true;
        free.push(slot);
        dispatch();
      },
    };
  };

  const nextWaiter = (): Waiter<Slot> | undefined => {
    const key = turns.shift();
    if (key === undefined) return undefined;
    const queue = queues.get(key) as Waiter<Slot>[];
    const waiter = queue.shift() as Waiter<Slot>;
    if (queue.length > 0) turns.push(key);
    else queues.delete(key);
    queued--;
    return waiter;
  };

  const dispatch = (): void => {
    while (free.length > 0) {
      const waiter = nextWaiter();
      if (!waiter) return;
      waiter.cleanup();
      waiter.resolve(lease(takeSlot(waiter.options.affinity)));
    }
  };

  const remove = (key: string, waiter: Waiter<Slot>): void => {
    const queue = queues.get(key);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index < 0) return;
    queue.splice(index, 1);
    queued--;
    if (queue.length === 0) {
      queues.delete(key);
      turns.splice(turns.indexOf(key), 1);
    }
  };

  return {
    acquire(acquireOptions = {}) {
      const { abortSignal, key = '' } = acquireOptions;
      if (closed) return Promise.reject(new LoreError('MODEL_UNAVAILABLE', 'The model was closed.'));
      if (abortSignal?.aborted) {
        return Promise.reject(
          new LoreError('ABORTED', 'The request was aborted.', { cause: abortSignal.reason }),
        );
      }
      if (free.length > 0 && queued === 0) {
        return Promise.resolve(lease(takeSlot(acquireOptions.affinity)));
      }
      if (queued >= options.maxQueue) {
        return Promise.reject(
          new LoreError(
            'OVERLOADED',
            `The model is busy: ${options.slots.length} running and ${queued} waiting. Retry later, or raise the queue size or the number of slots.`,
          ),
        );
      }
      return new Promise<Lease<Slot>>((resolve, reject) => {
        const onAbort = () => {
          remove(key, waiter);
          reject(
            new LoreError('ABORTED', 'The request was aborted while queued.', { cause: abortSignal?.reason }),
          );
        };
        const waiter: Waiter<Slot> = {
          options: acquireOptions,
          resolve,
          reject,
          cleanup: () => abortSignal?.removeEventListener('abort', onAbort),
        };
        abortSignal?.addEventListener('abort', onAbort, { once: true });
        const queue = queues.get(key);
        if (queue) queue.push(waiter);
        else {
          queues.set(key, [waiter]);
          turns.push(key);
        }
        queued++;
      });
    },
    stats: () => ({ running: options.slots.length - free.length, queued }),
    close() {
      closed = true;
      for (let waiter = nextWaiter(); waiter; waiter = nextWaiter()) {
        waiter.cleanup();
        waiter.reject(
          new LoreError('MODEL_UNAVAILABLE', 'The model was closed while the request was queued.'),
        );
      }
    },
  };
}
