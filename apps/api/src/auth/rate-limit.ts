/** Token-bucket settings: `perMinute` tokens refill each minute, up to `burst`; 0 per minute turns limits off. */
export interface RateLimitOptions {
  perMinute: number;
  burst: number;
  now?: () => number;
}

/** The outcome for one request: allowed, or refused with the seconds to wait. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Per-caller token buckets, in this process's memory: several processes each keep their own. */
export interface RateLimiter {
  take(caller: string): RateDecision;
}

const MAX_BUCKETS = 10_000;

/** Creates an in-memory token-bucket limiter keyed by caller (API key id or client address). */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const perMs = options.perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function refill(bucket: { tokens: number; at: number }, time: number) {
    bucket.tokens = Math.min(options.burst, bucket.tokens + (time - bucket.at) * perMs);
    bucket.at = time;
  }

  /** Forgets callers whose buckets are full again: they are indistinguishable from new ones. */
  function prune(time: number) {
    for (const [caller, bucket] of buckets) {
      refill(bucket, time);
      if (bucket.tokens >= options.burst) buckets.delete(caller);
    }
  }

  return {
    take(caller) {
      if (options.perMinute <= 0) return { allowed: true };
      const time = now();
      let bucket = buckets.get(caller);
      if (!bucket) {
        if (buckets.size >= MAX_BUCKETS) prune(time);
        bucket = { tokens: options.burst, at: time };
        buckets.set(caller, bucket);
      } else {
        refill(bucket, time);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
      };
    },
  };
}
