import { readFile } from 'node:fs/promises';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { expect, test } from 'vitest';
import { createDatabase } from './database.js';
import * as schema from './schema.js';
import { createTestDatabase } from './testing/test-database.js';

test('processes starting at once against one server migrate it once, without errors', async () => {
  const server = await createTestDatabase();
  try {
    const opened = await Promise.all(
      [1, 2, 3].map(() => createDatabase({ url: server.url, maxConnections: 1 })),
    );
    const sql = postgres(server.url, { max: 1 });
    const [applied] = await sql`select count(*)::int as count from drizzle.__drizzle_migrations`;
    const tables = await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables where table_schema = 'public'`;
    await sql.end();
    // Every migration in the journal applied exactly once, and every table of the schema created once.
    const journal = JSON.parse(
      await readFile(new URL('../../../../migrations/meta/_journal.json', import.meta.url), 'utf8'),
    );
    expect(applied?.count).toBe(journal.entries.length);
    const declared = Object.values(schema)
      .filter((value) => is(value, PgTable))
      .map((table) => getTableName(table));
    expect(tables.map((table) => table.name).sort()).toEqual(declared.sort());
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
