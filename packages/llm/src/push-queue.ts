/** A queue that a callback pushes into and an async iterator drains, for turning callbacks into streams. */
export interface PushQueue<T> extends AsyncIterable<T> {
  push(value: T): void;
  /** Ends the iteration after the values already pushed, or with `error`. */
  end(error?: unknown): void;
}

/** Creates an unbounded push queue with a single consumer. */
export function createPushQueue<T>(): PushQueue<T> {
  const values: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;

  const notify = () => {
    wake?.();
    wake = undefined;
  };

  return {
    push(value) {
      if (ended) return;
      values.push(value);
      notify();
    },
    end(error) {
      if (ended) return;
      ended = true;
      if (error !== undefined) failure = { error };
      notify();
    },
    async *[Symbol.asyncIterator]() {
      while (true) {
        if (values.length > 0) {
          yield values.shift() as T;
          continue;
        }
        if (ended) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}
