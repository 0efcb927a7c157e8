import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresFixture } from './testing/metadata-fixture.js';
import { describeMetadataStore } from './testing/metadata-store-suite.js';
import { createTestDatabase } from './testing/test-database.js';

describeMetadataStore('PGlite in memory', () => openPostgresFixture({}, undefined, false));

describeMetadataStore('PGlite in a data folder', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lore-pglite-'));
  return openPostgresFixture({ dataDir }, () => rm(dataDir, { recursive: true, force: true }));
});

describeMetadataStore('PostgreSQL server', async () => {
  const database = await createTestDatabase();
  return openPostgresFixture({ url: database.url, maxConnections: 8 }, database.drop);
});
