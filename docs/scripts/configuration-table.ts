import { homedir } from 'node:os';
import { EnvSchema } from '@lore/api';

/** What each environment variable does; a variable missing here fails `npm run docs:check`. */
export const settingDescriptions: Record<string, string> = {
  HOST: 'address the API binds to; beyond loopback the server requires API keys (see `LORE_AUTH`)',
  PORT: 'port of the API, the web UI and `/docs`',
  LORE_DATA_DIR:
    'PGlite database (`pg/`), LanceDB tables (`lance/`) and downloaded models; one process per folder with PGlite',
  DATABASE_URL:
    'PostgreSQL server URL; replaces embedded PGlite so that several API and worker processes share it',
  LORE_LANCE_URI:
    'LanceDB location: a folder or an object-store URI (`s3://bucket/lore`, `gs://…`, `az://…`); default `<LORE_DATA_DIR>/lance`',
  LORE_MODELS_DIR: 'local model folder (transformers.js layout); set it and no hub is contacted',
  LORE_EMBEDDING_MODEL: 'hub id, or a folder name inside `LORE_MODELS_DIR`',
  LORE_EMBEDDING_DEVICE:
    '`cpu`, `cuda` or `webgpu`; an unavailable device falls back to CPU with one warning',
  LORE_EMBEDDING_DTYPE:
    'weights to load: `fp32`, `fp16`, `q8`, `int8`, `uint8`, `q4`; default: the model preset',
  LORE_EMBEDDING_DEVICE_STRICT: 'fail instead of falling back when the device is unavailable',
  LORE_EMBEDDING_WORKERS:
    'embedding worker threads, each with its own copy of the model (default: 2 on a CPU with 2 or more cores, 1 on a GPU)',
  LORE_EMBEDDING_THREADS:
    'ONNX Runtime threads per embedding worker (default: the cores shared out between the workers)',
  LORE_MAX_REQUEST_MB: 'largest request body (uploads), in MiB',
  LORE_MAX_FILE_MB: 'largest single uploaded file, in MiB',
  LORE_AUTH:
    '`auto`: API keys unless bound to loopback; `keys`: always; `none-unsafe`: never, even on the network (logged loudly)',
  LORE_ALLOWED_HOSTS:
    'host names the server answers besides `127.0.0.1`, `localhost` and `[::1]` (comma-separated, `*`: any); without API keys any other `Host` gets 403 (DNS rebinding); with keys the `Host` is checked only when this is set',
  LORE_ALLOWED_ORIGINS:
    'origins (`https://app.example`, comma-separated) that may send POST/PUT/PATCH/DELETE from a browser and read with CORS; other cross-site writes get 403, and no CORS headers are sent unless this is set',
  LORE_RATE_LIMIT_PER_MINUTE: 'requests per API key (or client address) and minute; `0` turns limits off',
  LORE_RATE_LIMIT_BURST: 'requests a key may send at once before the per-minute rate applies',
  LORE_WORKER: 'run the ingestion worker inside this process; `false` for API-only processes',
  LORE_SYNC_ROOTS:
    'folders (comma-separated) that folder sources may lie in, with their subfolders; unset: any folder the server can read, fine on your own machine, but set it on a shared server',
  LORE_FETCH_ALLOW_PRIVATE:
    'let URL sources reach private, loopback, link-local and other special-use addresses (refused by default, checked on every request and redirect hop)',
  LORE_FETCH_ALLOW_HOSTS:
    'host names (comma-separated) that URL sources may fetch even when they resolve to such addresses, e.g. an intranet wiki',
  LORE_OCR:
    'read scanned PDF pages and PNG/JPEG uploads by OCR; `off`: scanned pages have no text and images are refused (415)',
  LORE_OCR_LANGS:
    'Tesseract languages joined by `+` (each needs its `@tesseract.js-data/<code>` npm package installed)',
  LORE_OCR_PAGE_TIMEOUT_MS:
    'time one scanned page or image may take once its turn comes; a page over it fails alone and later pages get a fresh OCR worker',
  LORE_SHUTDOWN_TIMEOUT_MS: 'on SIGTERM/SIGINT, how long requests in flight and closing the stores may take',
  OTEL_EXPORTER_OTLP_ENDPOINT:
    'OpenTelemetry collector (`http://collector:4318`): spans of asks, searches, agent runs and ingestion go to `<endpoint>/v1/traces` as OTLP/HTTP JSON; unset: no tracing. The other `OTEL_*` variables (`OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_HEADERS`, …) are read by the OpenTelemetry SDK',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:
    'the full traces URL, instead of `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`',
  LORE_LLM_MODEL:
    'a `.gguf` file, folder or `hf:` URI (llama.cpp); an ONNX folder or `onnx:<hub id>` (transformers.js); the model name on `LORE_LLM_BASE_URL`; or `none`',
  LORE_LLM_BASE_URL:
    'an OpenAI-compatible server (vLLM, llama.cpp server, Ollama), e.g. `http://gpu-box:8000/v1`',
  LORE_LLM_API_KEY: 'bearer key for that server',
  LORE_LLM_CONTEXT: 'context window per generation slot (capped at the model’s)',
  LORE_LLM_SLOTS: 'generations run at once; each has its own KV cache',
  LORE_LLM_MAX_QUEUE: 'requests waiting for a slot before new ones get 503',
  LORE_LLM_THREADS:
    'CPU threads while decoding token by token; default: all cores but one (llama.cpp threads spin, so more threads than free cores is slow)',
  LORE_LLM_PREFILL_THREADS:
    'most CPU threads while llama.cpp evaluates a prompt: as many as other processes leave idle, never fewer than `LORE_LLM_THREADS`; default: all cores',
  LORE_LLM_ALIAS:
    'the chat model’s id in `GET /v1/models` and `POST /v1/chat/completions` (llama.cpp); default: the GGUF file’s base name, e.g. `qwen2.5-0.5b-instruct-q4_k_m`',
  LORE_LLM_GPU: '`auto` uses CUDA/Vulkan/Metal when present; `off` forces CPU',
};

/** The variables `apps/api/src/config.ts` reads, in its order. */
export function settingNames(): string[] {
  return Object.keys(EnvSchema.shape);
}

/** Renders `docs/configuration.md`'s table from the config schema: names and defaults come from the code. */
export function renderConfigurationTable(): string {
  const defaults = EnvSchema.parse({}) as Record<string, unknown>;
  const rows = settingNames().map((name) => {
    const value = defaults[name];
    const shown = value === undefined ? '—' : `\`${String(value).replace(homedir(), '~')}\``;
    const description =
      settingDescriptions[name] ?? '**undocumented: add it to docs/scripts/configuration-table.ts**';
    return `| \`${name}\` | ${shown} | ${description} |`;
  });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
