import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
/** Creates an empty database on the test server; returns its URL and a function that drops it. */
export async function createTestDatabase() {
  const adminUrl = process.env.LORE_TEST_DATABASE_URL;
  if (!adminUrl)
    throw new Error(
      'LORE_TEST_DATABASE_URL is not set: run the tests through vitest (tests/setup/global.ts).',
    );
  const name = `lore_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}
/** The folder holding the shared test models (`use-lite-en`). */
export function testModelsDir() {
  const dir = process.env.LORE_TEST_MODELS_DIR;
  if (!dir)
    throw new Error('LORE_TEST_MODELS_DIR is not set: run the tests through vitest (tests/setup/global.ts).');
  return dir;
}
//# sourceMappingURL=postgres.js.map
