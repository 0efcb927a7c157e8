/** A held reference to a shared, lazily loaded model; `release` drops it and frees the model with the last holder. */
export interface ModelLease<T> {
  readonly value: Promise<T>;
  release(): Promise<void>;
}

interface Entry {
  value: Promise<unknown>;
  holders: number;
  dispose: (value: never) => Promise<void> | void;
}

/**
 * Shares loaded models within the process: one load per key however many embedders ask for it.
 * The cache stores the in-flight promise, so concurrent callers wait on one load, and evicts it when
 * it rejects, so the next call retries instead of replaying the failure forever.
 */
export function createModelCache() {
  const entries = new Map<string, Entry>();

  return {
    acquire<T>(
      key: string,
      load: () => Promise<T>,
      dispose: (value: T) => Promise<void> | void,
    ): ModelLease<T> {
      let entry = entries.get(key);
      if (!entry) {
        const created: Entry = { value: load(), holders: 0, dispose: dispose as Entry['dispose'] };
        created.value.catch(() => {
          if (entries.get(key) === created) entries.delete(key);
        });
        entries.set(key, created);
        entry = created;
      }
      const held = entry;
      held.holders += 1;
      let released = false;
      return {
        value: held.value as Promise<T>,
        async release() {
          if (released) return;
          released = true;
          held.holders -= 1;
          if (held.holders > 0) return;
          if (entries.get(key) === held) entries.delete(key);
          const value = await held.value.catch(() => undefined);
          if (value !== undefined) await held.dispose(value as never);
        },
      };
    },
    /** Keys of the models loaded or loading now. */
    keys(): string[] {
      return [...entries.keys()];
    },
  };
}

/** The process-wide cache every embedder and reranker of this package shares. */
export const sharedModels = createModelCache();
