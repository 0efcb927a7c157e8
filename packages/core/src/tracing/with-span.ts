import { type Attributes, type Context, context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { LoreError } from '../errors.js';

/**
 * Lore's tracer: a no-op until the application registers an OpenTelemetry SDK (see docs/deployment.md).
 * Looked up per span, so a provider registered, or unregistered, later takes effect at once.
 */
const tracer = () => trace.getTracer('lore');

/** Marks a span failed with the error, and its LoreError code as `lore.error.code` when it has one. */
export function recordError(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
  if (error instanceof LoreError) span.setAttribute('lore.error.code', error.code);
}

/** Runs `fn` inside a span named `name`, ended when it settles; a throw is recorded on the span. */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Iterates `source()` with each step run in `active`, so work started while producing an item (spans
 * included) sees that context; a consumer that stops early stops the source.
 */
export async function* iterateIn<T>(active: Context, source: () => AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = context.with(active, () => source()[Symbol.asyncIterator]());
  let finished = false;
  try {
    while (true) {
      const next = await context.with(active, () => iterator.next());
      if (next.done) break;
      yield next.value;
    }
    finished = true;
  } finally {
    if (!finished) await iterator.return?.();
  }
}

/**
 * Streams `source()` inside a span that ends with the stream (or when the consumer stops early); spans
 * started while producing each item are its children. `observe` sees each item, to set attributes from it.
 */
export async function* withStreamSpan<T>(
  name: string,
  attributes: Attributes,
  source: () => AsyncIterable<T>,
  observe?: (span: Span, item: T) => void,
): AsyncGenerator<T> {
  const span = tracer().startSpan(name, { attributes });
  try {
    for await (const item of iterateIn(trace.setSpan(context.active(), span), source)) {
      observe?.(span, item);
      yield item;
    }
  } catch (error) {
    recordError(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Starts a span under the active one that the caller ends (for a step seen only from outside, by its events). */
export function startSpan(name: string, attributes: Attributes = {}): Span {
  return tracer().startSpan(name, { attributes });
}
