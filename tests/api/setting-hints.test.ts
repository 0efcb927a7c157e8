import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@lore/api';
import { createLore, type Lore } from '@lore/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createTestEmbedder } from '../support/lore.js';

// The core names its own options (`uploadLimits.maxFileBytes`); the server's user is told the variable.
describe('core errors through the API name the environment variable to change', () => {
  let dataDir: string;
  let lore: Lore;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lore-hints-'));
    lore = await createLore({
      dataDir,
      embedder: createTestEmbedder(),
      uploadLimits: { maxFileBytes: 1000 },
    });
    app = createApp(lore, { maxRequestBytes: 1024 * 1024, log: () => {} });
    await lore.collections.create({ name: 'notes' });
  });
  afterAll(async () => {
    await lore.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('a text document over the core per-file limit is 413 and says LORE_MAX_FILE_MB sets it', async () => {
    const response = await call(app, 'POST', '/v1/collections/notes/documents', {
      title: 'long',
      text: 'word '.repeat(400),
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(response.body.error.message).toContain('more than the 1000 allowed per file');
    expect(response.body.error.message).toContain('LORE_MAX_FILE_MB sets uploadLimits.maxFileBytes');
    expect(response.body.error.settings).toEqual(['LORE_MAX_FILE_MB']);
    // The in-process caller gets the option and no server variable.
    await expect(
      lore.ingest({ collection: 'notes', documents: [{ text: 'word '.repeat(400) }] }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', settings: ['uploadLimits.maxFileBytes'] });
    expect(await lore.documents.list('notes')).toEqual([]);
  });

  test('an error that names no setting has no settings field', async () => {
    const response = await call(app, 'POST', '/v1/collections/missing/search', { query: 'cats' });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect('settings' in response.body.error).toBe(false);
  });
});
