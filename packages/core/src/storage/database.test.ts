import { sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { createDatabase } from './database.js';
import { createTestDatabase } from './testing/test-database.js';

test('processes starting at once against one server migrate it once, without errors', async () => {
  const server = await createTestDatabase();
  try {
    const opened = await Promise.all(
      [1, 2, 3].map(() => createDatabase({ url: server.url, maxConnections: 1 })),
    );
    const first = opened[0];
    if (!first) throw new Error('expected a database');
    const applied = await first.db.execute<{ count: number }>(
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    expect(applied).toHaveLength(1);
    await Promise.all(opened.map((database) => database.close()));
  } finally {
    await server.drop();
  }
});

test('a missing migrations folder is a STORAGE error that names the folder', async () => {
  await expect(createDatabase({ migrationsFolder: '/nonexistent/migrations' })).rejects.toMatchObject({
    code: 'STORAGE',
    message: expect.stringContaining('/nonexistent/migrations'),
  });
});
