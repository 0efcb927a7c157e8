// Run as a separate process by kill-sync.test.ts, which kills it with SIGKILL mid-sync.
// argv: <dataDir> <folder>
import { createLore } from '@lore/core';
import { createTestEmbedder } from '../../support/lore.js';

const [dataDir, folder] = process.argv.slice(2);
if (!dataDir || !folder) throw new Error('usage: sync-child <dataDir> <folder>');
const lore = await createLore({
  dataDir,
  embedder: createTestEmbedder(),
  workerOptions: { batchSize: 16, leaseMs: 1_500, pollMs: 50 },
});
if (!(await lore.collections.list()).some((collection) => collection.name === 'synced'))
  await lore.collections.create({ name: 'synced' });
const [existing] = await lore.sources.list('synced');
const source = existing ?? (await lore.sources.create({ collection: 'synced', path: folder }));
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const result = await lore.sources.sync(source.id, {
  wait: true,
  onProgress: (job) => process.stdout.write(`${JSON.stringify({ progress: job.progress })}\n`),
});
const { added, changed, renamed, deleted, unchanged } = result;
process.stdout.write(`${JSON.stringify({ synced: { added, changed, renamed, deleted, unchanged } })}\n`);
await lore.close();
