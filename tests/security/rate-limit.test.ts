import { createApp, createRateLimiter } from '@lore/api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';
import { keyed, makeKey } from './support.js';

describe('token buckets', () => {
  test('a burst passes, the next request waits for a token, refills follow the clock', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true); // callers have separate buckets
    now += 1_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
  });

  test('0 per minute turns limits off', () => {
    const limiter = createRateLimiter({ perMinute: 0, burst: 1 });
    expect(Array.from({ length: 100 }, () => limiter.take('a').allowed).every(Boolean)).toBe(true);
  });
});

describe('rate limits per key', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  beforeAll(async () => {
    env = await createTestLore('pglite');
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('one key over its limit gets 429 with Retry-After; another key is unaffected', async () => {
    const app = createApp(env.lore, {
      maxRequestBytes: 1024 * 1024,
      auth: 'keys',
      rateLimit: { perMinute: 2, burst: 2 },
      log: () => {},
    });
    const busy = await makeKey(env.lore, ['read']);
    const calm = await makeKey(env.lore, ['read']);
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++)
      statuses.push((await keyed(app, busy, 'GET', '/v1/collections')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await keyed(app, busy, 'GET', '/v1/models');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await keyed(app, calm, 'GET', '/v1/collections')).status).toBe(200);
  });
});
