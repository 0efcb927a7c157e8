/** Runs writes to the same key one after another within this process; other keys run in parallel. */
export function createWriteQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    /** Runs `write` after every earlier write to `key` has settled. */
    run<T>(key: string, write: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(write, write);
      const tail = next.catch(() => {});
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
    /** Resolves when every queued write has settled. */
    async idle(): Promise<void> {
      while (tails.size > 0) await Promise.all(tails.values());
    },
  };
}
