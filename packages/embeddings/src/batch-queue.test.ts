import { LoreError } from '@lore/core/errors';
import { describe, expect, it } from 'vitest';
import { createBatchQueue } from './batch-queue.js';

function recordingQueue(batchSize: number) {
  const batches: string[][] = [];
  const queue = createBatchQueue<string, string>({
    batchSize,
    size: (text) => text.length,
    async run(inputs) {
      batches.push(inputs);
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (inputs.includes('boom')) throw new Error('boom');
      return inputs.map((input) => input.toUpperCase());
    },
  });
  return { queue, batches };
}

describe('createBatchQueue', () => {
  it('merges same-tick pushes into batches sorted by size and routes results in input order', async () => {
    const { queue, batches } = recordingQueue(3);
    const results = await Promise.all([queue.push(['ccc', 'a']), queue.push(['bb', 'dddd', 'e'])]);
    expect(results).toEqual([
      ['CCC', 'A'],
      ['BB', 'DDDD', 'E'],
    ]);
    expect(batches).toEqual([
      ['a', 'e', 'bb'],
      ['ccc', 'dddd'],
    ]);
  });

  it('caps each batch at the token budget: inputs times the longest one, a longer input alone', async () => {
    const batches: string[][] = [];
    const queue = createBatchQueue<string, string>({
      batchSize: 8,
      budget: 12,
      size: (text) => text.length,
      async run(inputs) {
        batches.push(inputs);
        return inputs.map((input) => input.toUpperCase());
      },
    });
    const texts = ['cccccc', 'a', 'bbb', 'ddddddddddddddd', 'e', 'ff', 'gggg'];
    expect(await queue.push(texts)).toEqual(texts.map((text) => text.toUpperCase()));
    expect(batches).toEqual([['a', 'e', 'ff', 'bbb'], ['gggg', 'cccccc'], ['ddddddddddddddd']]);
    for (const batch of batches.slice(0, -1)) {
      expect(batch.length * Math.max(...batch.map((text) => text.length))).toBeLessThanOrEqual(12);
    }
  });

  it('runs urgent pushes ahead of queued bulk work at the next batch boundary', async () => {
    const { queue, batches } = recordingQueue(2);
    const bulk = queue.push(['b1', 'b2', 'b3', 'b4', 'b5', 'b6']); // a full batch starts at once
    const urgent = queue.push(['query'], { urgent: true });
    await Promise.all([bulk, urgent]);
    expect(batches).toEqual([['b1', 'b2'], ['query'], ['b3', 'b4'], ['b5', 'b6']]);
  });

  it('runs up to `parallel` batches at once, starting the next as one finishes', async () => {
    let running = 0;
    let most = 0;
    const started: string[][] = [];
    const queue = createBatchQueue<string, string>({
      batchSize: 2,
      parallel: 2,
      size: (text) => text.length,
      async run(inputs) {
        started.push(inputs);
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return inputs.map((input) => input.toUpperCase());
      },
    });
    const texts = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(await queue.push(texts)).toEqual(texts.map((text) => text.toUpperCase()));
    expect(most).toBe(2);
    expect(started).toHaveLength(4);
  });

  it('fails only the requests whose batch failed', async () => {
    const { queue } = recordingQueue(1);
    const [failed, fine] = await Promise.allSettled([queue.push(['boom']), queue.push(['fine'])]);
    expect(failed.status).toBe('rejected');
    expect(fine).toEqual({ status: 'fulfilled', value: ['FINE'] });
  });

  it('rejects an aborted push with ABORTED and never runs its inputs', async () => {
    const { queue, batches } = recordingQueue(4);
    const controller = new AbortController();
    const aborted = queue.push(['x'], { abortSignal: controller.signal });
    const kept = queue.push(['y']);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await kept).toEqual(['Y']);
    expect(batches).toEqual([['y']]);
  });

  it('rejects queued and later pushes after close', async () => {
    const { queue } = recordingQueue(4);
    const queued = queue.push(['x']);
    await queue.close(new LoreError('MODEL_UNAVAILABLE', 'closed'));
    await expect(queued).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
    await expect(queue.push(['y'])).rejects.toMatchObject({ code: 'MODEL_UNAVAILABLE' });
  });
});
