import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LoreSetting } from '@lore/core';
import { z } from 'zod';

/** A switch: true, 1, yes or on, and false, 0, no or off, in any case. */
const bool = z
  .string()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']))
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** A small instruct model, downloaded from the hub on first use. */
const defaultLlm = 'hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf';

/** The environment variables the API and CLI read; `docs/configuration.md` documents each. */
export const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  LORE_DATA_DIR: z.string().min(1).default(join(homedir(), '.lore')),
  DATABASE_URL: z.string().url().optional(),
  LORE_LANCE_URI: z.string().min(1).optional(),
  LORE_MODELS_DIR: z.string().min(1).optional(),
  LORE_EMBEDDING_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  LORE_EMBEDDING_DEVICE: z.enum(['cpu', 'cuda', 'webgpu']).default('cpu'),
  LORE_EMBEDDING_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']).optional(),
  LORE_EMBEDDING_DEVICE_STRICT: bool.default(false),
  LORE_EMBEDDING_WORKERS: z.coerce.number().int().min(1).optional(),
  LORE_EMBEDDING_THREADS: z.coerce.number().int().min(1).optional(),
  LORE_MAX_REQUEST_MB: z.coerce.number().positive().default(100),
  LORE_MAX_FILE_MB: z.coerce.number().positive().default(50),
  LORE_AUTH: z.enum(['auto', 'keys', 'none-unsafe']).default('auto'),
  LORE_ALLOWED_HOSTS: z.string().optional(),
  LORE_ALLOWED_ORIGINS: z.string().optional(),
  LORE_RATE_LIMIT_PER_MINUTE: z.coerce.number().min(0).default(6000),
  LORE_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(600),
  LORE_WORKER: bool.default(true),
  LORE_SYNC_ROOTS: z.string().optional(),
  LORE_FETCH_ALLOW_PRIVATE: bool.default(false),
  LORE_FETCH_ALLOW_HOSTS: z.string().optional(),
  LORE_OCR: bool.default(true),
  LORE_OCR_LANGS: z
    .string()
    .trim()
    .regex(/^[a-z_]+([+,\s]+[a-z_]+)*$/i, 'Tesseract codes joined by +, e.g. eng+chi_sim')
    .default('eng+chi_sim'),
  LORE_OCR_PAGE_TIMEOUT_MS: z.coerce.number().int().min(1).default(60_000),
  LORE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  LORE_LLM_MODEL: z.string().min(1).default(defaultLlm),
  LORE_LLM_BASE_URL: z.string().url().optional(),
  LORE_LLM_API_KEY: z.string().optional(),
  LORE_LLM_CONTEXT: z.coerce.number().int().min(512).default(8192),
  LORE_LLM_SLOTS: z.coerce.number().int().min(1).max(64).default(2),
  LORE_LLM_MAX_QUEUE: z.coerce.number().int().min(0).default(32),
  LORE_LLM_THREADS: z.coerce.number().int().min(1).optional(),
  LORE_LLM_PREFILL_THREADS: z.coerce.number().int().min(1).optional(),
  LORE_LLM_ALIAS: z
    .string()
    .regex(/^[A-Za-z0-9][\w.:-]*$/, 'letters, digits and . _ : - only')
    .refine((alias) => !alias.startsWith('lore:'), 'lore: names collection models')
    .optional(),
  LORE_LLM_GPU: z.enum(['auto', 'off']).default('auto'),
});

/** The variable that sets each core option an error message may name; the error handler adds it. */
export const variableOfSetting = {
  dataDir: 'LORE_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  'uploadLimits.maxFileBytes': 'LORE_MAX_FILE_MB',
  'sourceOptions.allowedRoots': 'LORE_SYNC_ROOTS',
  'sourceOptions.fetch.allowPrivate': 'LORE_FETCH_ALLOW_PRIVATE',
  'sourceOptions.fetch.allowHosts': 'LORE_FETCH_ALLOW_HOSTS',
  'ocr.enabled': 'LORE_OCR',
  'ocr.languages': 'LORE_OCR_LANGS',
  modelsDir: 'LORE_MODELS_DIR',
  'languageModel.model': 'LORE_LLM_MODEL',
} as const satisfies Record<LoreSetting, keyof z.input<typeof EnvSchema>>;

/** Every setting of the API and CLI, read once from the environment. */
export type Config = Readonly<{
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  /** LanceDB: a folder or an object-store URI (`s3://…`, `gs://…`, `az://…`); default `<dataDir>/lance`. */
  lanceUri: string | undefined;
  modelsDir: string | undefined;
  embeddingModel: string;
  embeddingDevice: 'cpu' | 'cuda' | 'webgpu';
  /** Weights to load; the model's preset when unset (q8 for the default model). */
  embeddingDtype: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | undefined;
  embeddingDeviceStrict: boolean;
  /** Embedding worker threads, each with a copy of the model; the embedder's default when unset. */
  embeddingWorkers: number | undefined;
  /** ONNX Runtime threads per embedding worker; the cores shared out between the workers when unset. */
  embeddingThreads: number | undefined;
  maxRequestBytes: number;
  /** Largest single uploaded file, in bytes. */
  maxFileBytes: number;
  /** `auto`: keys unless bound to loopback; `none-unsafe`: no keys even on the network (logged loudly). */
  auth: 'auto' | 'keys' | 'none-unsafe';
  /** Host names answered besides loopback (comma-separated; `*`: any); without keys others get 403. */
  allowedHosts: readonly string[];
  /** Origins allowed to change data from a browser and to read with CORS (comma-separated). */
  allowedOrigins: readonly string[];
  /** Token bucket per API key (or client address): refill per minute (0: off) and burst size. */
  rateLimit: Readonly<{ perMinute: number; burst: number }>;
  worker: boolean;
  /** Folders (with their subfolders) that sources may sync; empty: any folder the server can read. */
  syncRoots: readonly string[];
  /** URL sources: reach private, loopback and link-local addresses (all hosts, or the hosts listed). */
  fetch: Readonly<{ allowPrivate: boolean; allowHosts: readonly string[] }>;
  /** OCR of scanned PDF pages and PNG/JPEG uploads: on or off, Tesseract languages, time per page. */
  ocr: Readonly<{ enabled: boolean; languages: readonly string[]; pageTimeoutMs: number }>;
  /** On SIGTERM/SIGINT: how long requests in flight, then closing the stores, may take. */
  shutdownTimeoutMs: number;
  /** Where OTLP/HTTP traces go (the traces endpoint, else the base endpoint + /v1/traces); unset: no tracing. */
  otlpTracesUrl: string | undefined;
  llm: Readonly<{
    /** A GGUF file, a folder or an `hf:` URI; with `baseUrl`, the model name on that server; `none` turns answers off. */
    model: string;
    baseUrl: string | undefined;
    apiKey: string | undefined;
    contextSize: number;
    slots: number;
    maxQueue: number;
    /** CPU threads while decoding; the provider's default (all cores but one) when unset. */
    threads: number | undefined;
    /** Most CPU threads while a prompt is evaluated (llama.cpp): the idle cores, up to this; all cores when unset. */
    prefillThreads: number | undefined;
    /** The chat model's id in `GET /v1/models` and chat completions (llama.cpp); default the file's base name. */
    alias: string | undefined;
    gpu: 'auto' | false;
  }>;
}>;

/** A comma-separated setting as its trimmed, non-empty entries. */
const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

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
    lanceUri:
      value.LORE_LANCE_URI && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value.LORE_LANCE_URI)
        ? resolve(value.LORE_LANCE_URI)
        : value.LORE_LANCE_URI,
    modelsDir: value.LORE_MODELS_DIR ? resolve(value.LORE_MODELS_DIR) : undefined,
    embeddingModel: value.LORE_EMBEDDING_MODEL,
    embeddingDevice: value.LORE_EMBEDDING_DEVICE,
    embeddingDtype: value.LORE_EMBEDDING_DTYPE,
    embeddingDeviceStrict: value.LORE_EMBEDDING_DEVICE_STRICT,
    embeddingWorkers: value.LORE_EMBEDDING_WORKERS,
    embeddingThreads: value.LORE_EMBEDDING_THREADS,
    maxRequestBytes: Math.round(value.LORE_MAX_REQUEST_MB * 1024 * 1024),
    maxFileBytes: Math.round(value.LORE_MAX_FILE_MB * 1024 * 1024),
    auth: value.LORE_AUTH,
    allowedHosts: Object.freeze(list(value.LORE_ALLOWED_HOSTS)),
    allowedOrigins: Object.freeze(list(value.LORE_ALLOWED_ORIGINS)),
    rateLimit: Object.freeze({
      perMinute: value.LORE_RATE_LIMIT_PER_MINUTE,
      burst: value.LORE_RATE_LIMIT_BURST,
    }),
    worker: value.LORE_WORKER,
    syncRoots: Object.freeze(list(value.LORE_SYNC_ROOTS).map((root) => resolve(root))),
    fetch: Object.freeze({
      allowPrivate: value.LORE_FETCH_ALLOW_PRIVATE,
      allowHosts: Object.freeze(list(value.LORE_FETCH_ALLOW_HOSTS)),
    }),
    ocr: Object.freeze({
      enabled: value.LORE_OCR,
      languages: Object.freeze(value.LORE_OCR_LANGS.split(/[+,\s]+/)),
      pageTimeoutMs: value.LORE_OCR_PAGE_TIMEOUT_MS,
    }),
    shutdownTimeoutMs: value.LORE_SHUTDOWN_TIMEOUT_MS,
    otlpTracesUrl:
      value.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
      (value.OTEL_EXPORTER_OTLP_ENDPOINT &&
        `${value.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`),
    llm: Object.freeze({
      model: value.LORE_LLM_MODEL,
      baseUrl: value.LORE_LLM_BASE_URL,
      apiKey: value.LORE_LLM_API_KEY,
      contextSize: value.LORE_LLM_CONTEXT,
      slots: value.LORE_LLM_SLOTS,
      maxQueue: value.LORE_LLM_MAX_QUEUE,
      threads: value.LORE_LLM_THREADS,
      prefillThreads: value.LORE_LLM_PREFILL_THREADS,
      alias: value.LORE_LLM_ALIAS,
      gpu: value.LORE_LLM_GPU === 'off' ? (false as const) : ('auto' as const),
    }),
  });
}
