import type { Server } from 'node:http';

export interface GracefulShutdownOptions {
  server: Pick<Server, 'close' | 'closeIdleConnections' | 'closeAllConnections'>;
  /** Closes Lore: stops the worker after its current batch, then the stores and models. */
  close: () => Promise<void>;
  /** How long in-flight requests, then closing, may take before the process gives up on them. */
  timeoutMs: number;
  log: (message: string) => void;
  exit: (code: number) => void;
}

/**
 * Stops in order: refuse new connections, let in-flight requests finish (bounded), close Lore, exit 0.
 * Exits 1 when closing overruns its time; a second signal exits at once.
 */
export function createGracefulShutdown(options: GracefulShutdownOptions): (signal: string) => Promise<void> {
  const { server, log, timeoutMs } = options;
  let stopping = false;
  return async (signal) => {
    if (stopping) {
      log(`[lore] ${signal} again: exiting now`);
      options.exit(1);
      return;
    }
    stopping = true;
    log(`[lore] ${signal}: no new connections; waiting up to ${timeoutMs} ms for requests in flight`);
    const drained = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
    // Keep-alive connections with no request in flight would hold `close` open: drop them now.
    server.closeIdleConnections();
    if (!(await withinTime(drained, timeoutMs))) {
      log('[lore] requests still in flight after the timeout: closing their connections');
      server.closeAllConnections();
    }
    const closed = await withinTime(
      options.close().then(() => true),
      timeoutMs,
    ).catch((error: unknown) => {
      log(`[lore] closing failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    });
    if (!closed) {
      options.exit(1);
      return;
    }
    log('[lore] stopped');
    options.exit(0);
  };
}

/** Resolves with the promise's value, or false when `ms` pass first. */
function withinTime(promise: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
