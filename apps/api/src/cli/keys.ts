import { type ApiKeyScope, LoreError } from '@lore/core';
import type { Config } from '../config.js';
import { createContainer } from '../container.js';
import { apiKeyJson } from '../routes/keys.js';

const usage = `Usage:
  lore keys create --scope read[,ingest,admin] [--collections a,b] [--name <label>]
  lore keys list [--json]
  lore keys revoke <id or prefix>`;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `lore keys create|list|revoke`: API keys in the data folder's metadata store (the secret is printed once). */
export async function runKeys(
  config: Config,
  positionals: string[],
  options: { scope?: string; collections?: string; name?: string; json?: boolean },
): Promise<number> {
  const [action, target] = positionals;
  if (!action || !['create', 'list', 'revoke'].includes(action)) throw new LoreError('BAD_REQUEST', usage);
  // Keys need only the metadata store: no worker, no language model.
  const lore = await createContainer({ ...config, llm: { ...config.llm, model: 'none' } }, { worker: false });
  try {
    if (action === 'create') {
      const scopes = list(options.scope) as ApiKeyScope[];
      if (scopes.length === 0) throw new LoreError('BAD_REQUEST', `Give --scope.\n${usage}`);
      const collections = list(options.collections);
      const { key, secret } = await lore.keys.create({
        name: options.name,
        scopes,
        collections: collections.length > 0 ? collections : null,
      });
      if (options.json) console.log(JSON.stringify({ ...apiKeyJson(key), key: secret }));
      else {
        console.log(secret);
        console.error(
          `Key ${key.prefix} (${key.scopes.join(', ')}; ${key.collections?.join(', ') ?? 'all collections'}). It is shown only now: store it safely.`,
        );
      }
    } else if (action === 'list') {
      const keys = (await lore.keys.list()).map(apiKeyJson);
      if (options.json) console.log(JSON.stringify(keys));
      for (const key of options.json ? [] : keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
        console.log(
          `${key.prefix}  ${key.name}  ${key.scopes.join(',')}  ${key.collections?.join(',') ?? '*'}  ${state}`,
        );
      }
    } else {
      if (!target) throw new LoreError('BAD_REQUEST', `Give the key's id or prefix.\n${usage}`);
      await lore.keys.revoke(target);
      console.log(`Revoked ${target}.`);
    }
    return 0;
  } finally {
    await lore.close();
  }
}
