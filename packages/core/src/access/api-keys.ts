import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LoreError } from '../errors.js';
import type { ApiKeyRecord, ApiKeyScope, MetadataStore } from '../spec/metadata-store.js';

/** A key as listed: everything but the hash. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'hash'>;

/** Creating, listing, revoking and checking API keys. */
export interface ApiKeys {
  /** Makes a key; `secret` is the whole key, returned this once and never stored. */
  create(options: {
    name?: string;
    scopes: ApiKeyScope[];
    collections?: string[] | null;
  }): Promise<{ key: ApiKeyInfo; secret: string }>;
  list(): Promise<ApiKeyInfo[]>;
  /** Revokes by id or prefix; NOT_FOUND when there is no such key. */
  revoke(idOrPrefix: string): Promise<void>;
  /** The live key for a presented secret, or null (unknown, malformed or revoked). */
  verify(secret: string): Promise<ApiKeyInfo | null>;
}

export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['read', 'ingest', 'admin'];
const KEY_PATTERN = /^lore_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function info({ hash: _hash, ...key }: ApiKeyRecord): ApiKeyInfo {
  return key;
}

/** API keys over the metadata store: `lore_<prefix>_<secret>`, kept as the SHA-256 of the whole key. */
export function createApiKeys(metadata: MetadataStore): ApiKeys {
  return {
    async create({ name, scopes, collections }) {
      const unique = [...new Set(scopes)];
      if (unique.length === 0 || unique.some((scope) => !API_KEY_SCOPES.includes(scope))) {
        throw new LoreError('BAD_REQUEST', `Give one or more scopes among ${API_KEY_SCOPES.join(', ')}.`);
      }
      if (collections && collections.length === 0) {
        throw new LoreError('BAD_REQUEST', 'An empty collection list would allow nothing: omit it for all.');
      }
      const prefix = randomBytes(6).toString('hex');
      const secret = `lore_${prefix}_${randomBytes(32).toString('base64url')}`;
      const key = await metadata.createApiKey({
        prefix,
        hash: sha256(secret).toString('hex'),
        name: name?.trim() || `key ${prefix}`,
        scopes: unique,
        collections: collections ? [...new Set(collections)] : null,
      });
      return { key: info(key), secret };
    },
    async list() {
      return (await metadata.listApiKeys()).map(info);
    },
    async revoke(idOrPrefix) {
      if (!(await metadata.revokeApiKey({ idOrPrefix }))) {
        throw new LoreError(
          'NOT_FOUND',
          `No API key with id or prefix "${idOrPrefix}": run "lore keys list".`,
        );
      }
    },
    async verify(secret) {
      const match = KEY_PATTERN.exec(secret);
      if (!match?.[1]) return null;
      const key = await metadata.getApiKey({ prefix: match[1] });
      if (!key || key.revokedAt) return null;
      const expected = Buffer.from(key.hash, 'hex');
      const presented = sha256(secret);
      if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return null;
      return info(key);
    },
  };
}
