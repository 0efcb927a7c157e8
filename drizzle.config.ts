import { defineConfig } from 'drizzle-kit';

/** drizzle-kit generates SQL from the schema into `migrations/`; migrations run at start-up, never `push`. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/core/src/storage/schema.ts',
  out: './migrations',
});
