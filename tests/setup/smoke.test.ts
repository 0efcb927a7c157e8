import postgres from 'postgres';
import { expect, test } from 'vitest';
import { createTestDatabase } from './postgres.js';

test('the test Postgres server accepts connections', async () => {
  const db = await createTestDatabase();
  const sql = postgres(db.url, { max: 1 });
  const [row] = await sql`select 1 + 1 as two`;
  expect(row?.two).toBe(2);
  await sql.end();
  await db.drop();
});
