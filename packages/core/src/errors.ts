/** Every failure Lore reports to its callers; `apps/api` maps each code to one HTTP status. */
export type LoreErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE'
  | 'RATE_LIMITED'
  | 'OVERLOADED'
  | 'ABORTED'
  | 'MODEL_UNAVAILABLE'
  | 'STORAGE'
  /** A backing service (the Postgres server) cannot be reached right now; retrying later may succeed. */
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** A part a feature needs that this Lore was built without; each edge (API, CLI) says how it configures it. */
export type MissingPart = 'language-model';

/**
 * A caller's option that a message names: its path in `createLore`'s options; `modelsDir` is the model
 * factories' (embedder, reranker), `languageModel.model` the model of the LLM factory passed as `languageModel`. Each edge says how its users set it
 * (the API: an environment variable), so core messages never name another program's settings.
 */
export type LoreSetting =
  | 'dataDir'
  | 'databaseUrl'
  | 'uploadLimits.maxFileBytes'
  | 'sourceOptions.allowedRoots'
  | 'sourceOptions.fetch.allowPrivate'
  | 'sourceOptions.fetch.allowHosts'
  | 'ocr.enabled'
  | 'ocr.languages'
  | 'modelsDir'
  | 'languageModel.model';

/** The one error class of the project: a closed `code`, a message that says how to fix it, and a `cause`. */
export class LoreError extends Error {
  override readonly name = 'LoreError';
  readonly code: LoreErrorCode;
  /** Set when the failure is a missing part, so the edge can add how to configure it. */
  readonly missing: MissingPart | undefined;
  /** The options the message tells the caller to change, so the edge can add how its users set them. */
  readonly settings: readonly LoreSetting[];

  constructor(
    code: LoreErrorCode,
    message: string,
    options?: { cause?: unknown; missing?: MissingPart; settings?: readonly LoreSetting[] },
  ) {
    super(message, options);
    this.code = code;
    this.missing = options?.missing;
    this.settings = options?.settings ?? [];
  }

  /** The same failure with context before its message ("Page 3: …"): code, missing part and settings kept. */
  prefixed(prefix: string, cause: unknown = this): LoreError {
    return new LoreError(this.code, `${prefix}${this.message}`, {
      cause,
      ...(this.missing && { missing: this.missing }),
      settings: this.settings,
    });
  }

  static is(value: unknown): value is LoreError {
    return value instanceof LoreError;
  }
}

/**
 * How a failure kept for later is worded (a job's document errors, a sync's skipped entries), since the edge
 * cannot add to those messages when it reads them: the API adds the variables of the settings they name.
 */
export type ErrorText = (error: LoreError) => string;

/** The default `ErrorText`: the message alone. */
export const messageOnly: ErrorText = (error) => error.message;

/** Turns an abort signal's reason into a LoreError with code ABORTED. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LoreError('ABORTED', 'The operation was aborted.', { cause: signal.reason });
}

/**
 * The language model, or MODEL_UNAVAILABLE naming what needs it (plural: 'Answers', 'Agents'). The one check
 * of its kind; the edge that built the Lore adds how it configures one (the API: its environment variables).
 */
export function requireLanguageModel<T>(model: T | undefined, feature: string): T {
  if (model) return model;
  throw new LoreError('MODEL_UNAVAILABLE', `${feature} need a language model, and none is configured.`, {
    missing: 'language-model',
  });
}
