import type { ProgressInfo } from '@huggingface/transformers';

/** One step of loading a model: a file starts, moves (`loaded`/`total` bytes), finishes, or the model is ready. */
export interface ModelProgressEvent {
  status: 'initiate' | 'download' | 'progress' | 'done' | 'ready';
  /** The model as the user named it. */
  model: string;
  file?: string;
  loaded?: number;
  total?: number;
}

/** Receives model loading progress; `createConsoleProgress()` draws it. */
export type ProgressListener = (event: ModelProgressEvent) => void;

/** Adapts transformers.js' `progress_callback` to `ProgressListener` events named after the user's model. */
export function toProgressCallback(model: string, listener: ProgressListener): (info: ProgressInfo) => void {
  return (info) => {
    if (info.status === 'progress') {
      listener({ status: 'progress', model, file: info.file, loaded: info.loaded, total: info.total });
    } else if (info.status === 'initiate' || info.status === 'download' || info.status === 'done') {
      listener({ status: info.status, model, file: info.file });
    }
  };
}

/** A stream the bar can draw on. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Draws a one-line download bar per model on stderr (`stream` to change), redrawn in place on a terminal and every 10% elsewhere;
 * loads from local files (no byte progress) print nothing.
 */
export function createConsoleProgress(
  options: { stream?: ProgressStream; width?: number } = {},
): ProgressListener {
  const stream = options.stream ?? process.stderr;
  const width = options.width ?? 30;
  const files = new Map<string, Map<string, { loaded: number; total: number }>>();
  const lastDecile = new Map<string, number>();

  return (event) => {
    if (event.status === 'progress' && event.file && event.total) {
      const perFile = files.get(event.model) ?? new Map();
      files.set(event.model, perFile);
      perFile.set(event.file, { loaded: event.loaded ?? 0, total: event.total });
      let loaded = 0;
      let total = 0;
      for (const file of perFile.values()) {
        loaded += file.loaded;
        total += file.total;
      }
      const fraction = total ? Math.min(1, loaded / total) : 0;
      const filled = Math.round(fraction * width);
      const line = `[lore] loading ${event.model} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${megabytes(loaded)}/${megabytes(total)} MB`;
      if (stream.isTTY) {
        stream.write(`\r${line}\x1b[K`);
      } else {
        const decile = Math.floor(fraction * 10);
        if (decile !== lastDecile.get(event.model)) stream.write(`${line}\n`);
        lastDecile.set(event.model, decile);
      }
    } else if (event.status === 'ready' && files.has(event.model)) {
      files.delete(event.model);
      lastDecile.delete(event.model);
      stream.write(
        `${stream.isTTY ? '\r' : ''}[lore] ${event.model} is ready.${stream.isTTY ? '\x1b[K' : ''}\n`,
      );
    }
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}
