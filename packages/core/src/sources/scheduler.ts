import type { SourceStore } from '../spec/source-store.js';

/** Syncs sources that have an `intervalSeconds` when their interval has passed. */
export interface SourceScheduler {
  start(): void;
  /** Claims the due sources and syncs them; returns how many it synced. */
  runOnce(): Promise<number>;
  /** Stops the loop after the syncs in flight. */
  stop(): Promise<void>;
}

/**
 * Runs next to the ingestion worker: every `pollMs` it claims the due sources (a claim in the database, so
 * of several processes one syncs each) and syncs them one after the other.
 */
export function createSourceScheduler(options: {
  store: SourceStore;
  sync(id: string): Promise<unknown>;
  pollMs?: number;
  onError?: (error: unknown) => void;
}): SourceScheduler {
  const pollMs = options.pollMs ?? 5_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  async function runOnce(): Promise<number> {
    const due = await options.store.claimDueSources();
    for (const source of due) {
      try {
        await options.sync(source.id);
      } catch (error) {
        options.onError?.(error);
      }
    }
    return due.length;
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      inFlight = runOnce()
        .catch((error: unknown) => options.onError?.(error))
        .finally(schedule);
    }, pollMs);
    timer.unref?.();
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    runOnce,
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
