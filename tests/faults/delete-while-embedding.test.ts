import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually } from '../support/eventually.js';
import { createTestLore, type DatabaseKind } from '../support/lore.js';

/** A document long enough that embedding it takes a while on the test embedder. */
const longText = Array.from(
  { length: 400 },
  (_, index) => `Paragraph ${index}: the grebe ${index % 7} dives for fish ${index * 13} near the reeds.`,
).join('\n\n');

/** Resolves with the promise's value, or rejects when it takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} still pending after ${ms} ms`)), ms),
    ),
  ]);
}

describe.each<DatabaseKind>(['pglite', 'postgres'])(
  'deleting a document while it is embedded (%s)',
  (kind) => {
    let env: Awaited<ReturnType<typeof createTestLore>>;
    beforeAll(async () => {
      env = await createTestLore(kind);
      await env.lore.collections.create({ name: 'grebes' });
    });
    afterAll(async () => {
      await env.cleanup();
    });

    test('ends its job, ends a waiting upload and leaves no chunks', async () => {
      let deleted: Promise<void> | undefined;
      const unsubscribe = env.lore.onIngestionEvent((event) => {
        if (event.status === 'embedding' && !deleted) deleted = env.lore.documents.delete(event.documentId);
      });
      const result = await within(
        env.lore.ingest({
          collection: 'grebes',
          documents: [{ text: longText, title: 'grebes.md' }],
          wait: true,
        }),
        60_000,
        'the waiting upload',
      );
      unsubscribe();
      await deleted;
      expect(deleted).toBeDefined();
      expect(result.job.status).toBe('completed');
      expect((await env.lore.jobs.get(result.job.id)).status).toBe('completed');
      expect(await env.lore.documents.list('grebes')).toEqual([]);
      // The worker drops what it wrote for the deleted document once its batch ends, however long that
      // takes on a loaded machine: nothing of the document may be left in LanceDB after it.
      expect(
        await eventually(
          async () => (await env.lore.doctor()).findings,
          (findings) => findings.length === 0,
          30_000,
        ),
      ).toEqual([]);
      expect(await env.lore.search({ collection: 'grebes', query: 'grebe dives for fish', topK: 3 })).toEqual(
        [],
      );
    });
  },
);
