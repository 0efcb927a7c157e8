import { createScopedLore, type IngestionEvent, runWithAccess } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestLore } from '../support/lore.js';

/** The scoped view over the SDK itself (as MCP tools and routes get it), not only over HTTP. */
describe('the scoped view covers every member of Lore', () => {
  let env: Awaited<ReturnType<typeof createTestLore>>;
  const onlyBirds = { keyId: null, scopes: ['read', 'ingest'] as const, collections: ['birds'] };
  beforeAll(async () => {
    env = await createTestLore('pglite');
    await env.lore.collections.create({ name: 'birds' });
    await env.lore.collections.create({ name: 'secrets' });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  test('generateObject grounded on a collection outside the key is NOT_FOUND', async () => {
    const scoped = createScopedLore(env.lore);
    await expect(
      runWithAccess(onlyBirds, () =>
        scoped.generateObject({ schema: { type: 'object' }, prompt: 'Anything.', collection: 'secrets' }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('secrets') });
  });

  test('ingestion events of other collections are not delivered; doctor needs full admin access', async () => {
    const scoped = createScopedLore(env.lore);
    const seen: IngestionEvent[] = [];
    const unsubscribe = runWithAccess(onlyBirds, () => scoped.onIngestionEvent((event) => seen.push(event)));
    const secret = await env.lore.ingest({
      collection: 'secrets',
      documents: [{ text: 'The vault code is 4711.', title: 'vault' }],
      wait: true,
    });
    const bird = await env.lore.ingest({
      collection: 'birds',
      documents: [{ text: 'Herons wait in shallow water.', title: 'heron' }],
      wait: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    unsubscribe();
    const ids = new Set(seen.map((event) => event.documentId));
    expect(ids.has(bird.documents[0]?.id ?? '')).toBe(true);
    expect(ids.has(secret.documents[0]?.id ?? '')).toBe(false);
    await expect(runWithAccess(onlyBirds, () => scoped.doctor())).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
