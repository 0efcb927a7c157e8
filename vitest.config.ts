import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['lore-source'] },
  ssr: { resolve: { conditions: ['lore-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
