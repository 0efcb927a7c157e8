import { LoreError } from '../errors.js';
import type { IngestionEvent } from '../ingestion/worker.js';
import type { JobRecord, MetadataStore } from '../spec/metadata-store.js';
import type { Lore } from './types.js';

/** This process's ingestion events: the worker emits them, `onIngestionEvent` and job watches listen. */
export interface IngestionEvents {
  emit(event: IngestionEvent): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: IngestionEvent) => void): () => void;
}

/** Creates an empty set of listeners. */
export function createIngestionEvents(): IngestionEvents {
  const listeners = new Set<(event: IngestionEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Jobs: read one, or watch it change until it ends (woken by this process's worker, else polled). */
export function createJobs(context: { metadata: MetadataStore; events: IngestionEvents }): Lore['jobs'] {
  const { metadata, events } = context;
  async function get(id: string): Promise<JobRecord> {
    const job = await metadata.getJob({ id });
    if (!job) throw new LoreError('NOT_FOUND', `Job ${id} does not exist.`);
    return job;
  }

  /** Resolves on the next worker event for this job, or after `pollMs` (other processes may do the work). */
  function waitForChange(jobId: string, pollMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      const unsubscribe = events.subscribe((event) => {
        if (event.jobId === jobId) done();
      });
      signal?.addEventListener('abort', done);
    });
  }

  async function* watch(id: string, options: { abortSignal?: AbortSignal; pollMs?: number } = {}) {
    let last = '';
    for (;;) {
      const job = await get(id);
      const key = JSON.stringify([job.status, job.progress, job.errors.length]);
      if (key !== last) {
        last = key;
        yield job;
      }
      if (job.status === 'completed' || job.status === 'failed') return;
      if (options.abortSignal?.aborted) return;
      await waitForChange(id, options.pollMs ?? 250, options.abortSignal);
    }
  }

  return { get, watch };
}
