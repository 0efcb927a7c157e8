/** The shape of `tests/setup/postgres.ts`, which lies outside this package's `rootDir`. */
interface TestPostgresModule {
  createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }>;
}

// Loaded at run time so `tsc -b` does not pull a file from outside `src` into this project.
const helper = new URL('../../../../../tests/setup/postgres.ts', import.meta.url).href;

/** An empty database on the test PostgreSQL server, with a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const module = (await import(/* @vite-ignore */ helper)) as TestPostgresModule;
  return module.createTestDatabase();
}
