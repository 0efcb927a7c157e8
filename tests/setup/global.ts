import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Points every test at the real parts: the shared model folder and a PostgreSQL server.
 * `LORE_TEST_DATABASE_URL` names a server (CI starts one); otherwise one is started on loopback.
 */
export default function setup(): void {
  process.env.LORE_TEST_MODELS_DIR ??= resolve(root, '../shared/models');
  if (!existsSync(resolve(process.env.LORE_TEST_MODELS_DIR, 'use-lite-en'))) {
    throw new Error(
      `No test models in ${process.env.LORE_TEST_MODELS_DIR}. Set LORE_TEST_MODELS_DIR to the folder holding use-lite-en.`,
    );
  }
  if (!process.env.LORE_TEST_DATABASE_URL) {
    const url = execFileSync(resolve(root, 'scripts/test-postgres.sh'), ['start'], {
      encoding: 'utf8',
    }).trim();
    process.env.LORE_TEST_DATABASE_URL = url;
  }
}
