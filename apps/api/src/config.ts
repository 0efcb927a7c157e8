import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  LORE_DATA_DIR: z.string().min(1).default(join(homedir(), '.lore')),
  DATABASE_URL: z.string().url().optional(),
  LORE_MODELS_DIR: z.string().min(1).optional(),
  LORE_EMBEDDING_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  LORE_EMBEDDING_DEVICE: z.enum(['cpu', 'cuda', 'webgpu']).default('cpu'),
  LORE_EMBEDDING_DEVICE_STRICT: bool.default(false),
  LORE_MAX_REQUEST_MB: z.coerce.number().positive().default(100),
  LORE_WORKER: bool.default(true),
});

/** Every setting of the API and CLI, read once from the environment. */
export type Config = Readonly<{
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  modelsDir: string | undefined;
  embeddingModel: string;
  embeddingDevice: 'cpu' | 'cuda' | 'webgpu';
  embeddingDeviceStrict: boolean;
  maxRequestBytes: number;
  worker: boolean;
}>;

/** Parses the environment into a frozen Config; throws one message listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = EnvSchema.safeParse(set);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(
      `Invalid configuration in the environment:\n${problems}\nSee the configuration table in README.md.`,
    );
  }
  const value = result.data;
  return Object.freeze({
    host: value.HOST,
    port: value.PORT,
    dataDir: resolve(value.LORE_DATA_DIR),
    databaseUrl: value.DATABASE_URL,
    modelsDir: value.LORE_MODELS_DIR ? resolve(value.LORE_MODELS_DIR) : undefined,
    embeddingModel: value.LORE_EMBEDDING_MODEL,
    embeddingDevice: value.LORE_EMBEDDING_DEVICE,
    embeddingDeviceStrict: value.LORE_EMBEDDING_DEVICE_STRICT,
    maxRequestBytes: Math.round(value.LORE_MAX_REQUEST_MB * 1024 * 1024),
    worker: value.LORE_WORKER,
  });
}
