import { describe, expect, it } from 'vitest';
import { createScheduler } from './scheduler.js';

describe('createScheduler', () => {
  it('serves one key first come, first served, and different keys in turns', async () => {
    const scheduler = createScheduler({ slots: ['only'], maxQueue: 10 });
    const holder = await scheduler.acquire();
    const order: string[] = [];
    const requests = ['a1', 'a2', 'a3', 'b1', 'c1', 'b2'].map((name) =>
      scheduler.acquire({ key: name[0] as string }).then((lease) => {
        order.push(name);
        lease.release();
      }),
    );
    holder.release();
    await Promise.all(requests);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('rejects with OVERLOADED when the queue is full, and accepts again once it drains', async () => {
    const scheduler = createScheduler({ slots: [1, 2], maxQueue: 1 });
    const leases = [await scheduler.acquire(), await scheduler.acquire()];
    const waiting = scheduler.acquire();
    await expect(scheduler.acquire()).rejects.toMatchObject({ code: 'OVERLOADED' });
    expect(scheduler.stats()).toEqual({ running: 2, queued: 1 });
    leases[0]?.release();
    const third = await waiting;
    expect(third.slot).toBe(1);
    expect(scheduler.stats()).toEqual({ running: 2, queued: 0 });
  });

  it('drops a request aborted while queued so it never takes a slot', async () => {
    const scheduler = createScheduler({ slots: ['only'], maxQueue: 5 });
    const holder = await scheduler.acquire();
    const controller = new AbortController();
    const aborted = scheduler.acquire({ abortSignal: controller.signal });
    const next = scheduler.acquire();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED' });
    expect(scheduler.stats().queued).toBe(1);
    holder.release();
    expect((await next).slot).toBe('only');
  });

  it('gives a request the free slot with the highest affinity', async () => {
    const scheduler = createScheduler({ slots: ['cold', 'warm', 'cool'], maxQueue: 0 });
    const lease = await scheduler.acquire({ affinity: (slot) => (slot === 'warm' ? 10 : 1) });
    expect(lease.slot).toBe('warm');
  });

  it('rejects queued requests with MODEL_UNAVAILABLE on close', async () => {
    const scheduler = createScheduler({ slots: ['only'], maxQueue: 5 });
    await scheduler.acquire();
    const waiting = scheduler.acquire();
    scheduler.close();
    await expect(waiting).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(scheduler.acquire()).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
  });
});
